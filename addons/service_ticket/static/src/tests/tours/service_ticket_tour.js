/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A service engineer records a phone call as a ticket and takes it.
registry.category("web_tour.tours").add("service_ticket_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("service_ticket.menu_root"),
        {
            trigger: ".o-kanban-button-new, .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit 加工中心换刀故障",
        },
        {
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit 工单测试客户",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu li:contains(工单测试客户)",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            trigger: "button[name=action_assign_to_me]",
            run: "click",
        },
        {
            trigger: ".o_form_view:not(:has(button[name=action_assign_to_me]))",
        },
        {
            trigger: ".o_statusbar_status button:contains(Diagnosis), .o_statusbar_status button:contains(诊断)",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Diagnosis), .o_statusbar_status button.o_arrow_button_current:contains(诊断)",
        },
    ],
});
