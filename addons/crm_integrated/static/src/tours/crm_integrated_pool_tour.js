/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A salesperson claims a customer from the public pool (公海), logs a follow-up and
// looks at the customer 360 view.
registry.category("web_tour.tours").add("crm_integrated_pool_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_integrated.menu_root"),
        {
            trigger: 'a[data-menu-xmlid="crm_integrated.res_partner_menu_pool"], button[data-menu-xmlid="crm_integrated.res_partner_menu_pool"]',
            run: "click",
        },
        {
            trigger: ".o_data_row td:contains(公海待领客户)",
            run: "click",
        },
        {
            trigger: "button[name=action_cim_claim]",
            run: "click",
        },
        {
            trigger: "button[name=action_cim_release]",
        },
        {
            trigger: ".o_form_view .alert-info [name=cim_days_to_recycle]:contains(30)",
        },
        {
            trigger: "button.o-mail-Chatter-logNote",
            run: "click",
        },
        {
            trigger: ".o-mail-Composer-input",
            run: "edit 电话沟通：客户计划下月采购两台加工中心",
        },
        {
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            trigger: ".o-mail-Message:contains(电话沟通)",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Customer 360)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=cim_360_opportunity_count]:contains(1)",
        },
        {
            trigger: ".o_field_widget[name=cim_360_recent_lead_ids] .o_data_row:contains(公海客户的商机)",
        },
        {
            trigger: 'button[data-menu-xmlid="crm_integrated.menu_dashboard"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="crm_integrated.spreadsheet_dashboard_sales_menu"]',
            run: "click",
        },
        {
            // the dashboard loaded and drew its charts (a failing chart query raises an error)
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure canvas",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status))",
        },
    ],
});
