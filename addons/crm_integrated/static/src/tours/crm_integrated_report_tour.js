/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A sales manager opens the funnel, drills down from the pivot to the leads, then looks at
// the leaderboard and the management dashboard, and drills from the dashboard's funnel
// figures into the funnel's rows.
registry.category("web_tour.tours").add("crm_integrated_report_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_integrated.menu_root"),
        {
            trigger: 'button[data-menu-xmlid="crm_integrated.menu_reporting"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="crm_integrated.crm_funnel_report_menu"]',
            run: "click",
        },
        {
            // the manager's own row (rows are salespeople)
            trigger: ".o_pivot tr:has(th:contains(报表经理)) td.o_pivot_cell_value:not(.o_empty)",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td:contains(报表测试商机)",
        },
        {
            trigger: 'button[data-menu-xmlid="crm_integrated.menu_reporting"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="crm_integrated.crm_leaderboard_report_menu"]',
            run: "click",
        },
        {
            trigger: ".o_graph_view .o_graph_renderer canvas",
        },
        {
            trigger: 'button[data-menu-xmlid="crm_integrated.menu_dashboard"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="crm_integrated.spreadsheet_dashboard_management_menu"]',
            run: "click",
        },
        {
            // the dashboard loaded and drew its charts (a failing chart query raises an error)
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure canvas",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status))",
        },
        {
            // the funnel's figures are pivot cells of the funnel report: clicking one (the
            // leads) opens the funnel's rows behind it, narrowed by the dashboard's filters
            trigger: ".o_spreadsheet_dashboard_action .o-dashboard-clickable-cell:first",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains(Sales Funnel)",
        },
        {
            trigger: ".o_list_view .o_data_row td:contains(报表测试商机)",
        },
    ],
});
