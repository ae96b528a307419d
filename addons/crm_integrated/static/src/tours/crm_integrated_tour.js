/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A manager defines a customer level, then grades a customer with it.
registry.category("web_tour.tours").add("crm_integrated_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_integrated.menu_root"),
        {
            trigger: 'button[data-menu-xmlid="crm_integrated.menu_config"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="crm_integrated.crm_customer_level_menu"]',
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_selected_row div[name=code] input",
            run: "edit S",
        },
        {
            trigger: ".o_selected_row div[name=name] input",
            run: "edit 战略客户",
        },
        {
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            trigger: ".o_data_row:not(.o_selected_row) td[name=name]:contains(战略客户)",
        },
        {
            trigger: 'a[data-menu-xmlid="crm_integrated.res_partner_menu_customer"], button[data-menu-xmlid="crm_integrated.res_partner_menu_customer"]',
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit 潍坊测试客户",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: ".o_kanban_record:contains(潍坊测试客户)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=sales_region_id] input",
            run() {
                if (!this.anchor.value.includes("East China") && !this.anchor.value.includes("华东")) {
                    throw new Error(`sales region should be East China, got "${this.anchor.value}"`);
                }
            },
        },
        {
            trigger: ".o_field_widget[name=customer_level_id] input",
            run: "edit 战略",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu li:contains(战略客户)",
            run: "click",
        },
        ...stepUtils.saveForm(),
    ],
});
