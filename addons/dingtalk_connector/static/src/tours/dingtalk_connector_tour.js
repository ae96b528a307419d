/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// An administrator connects a DingTalk group robot, maps an event to it, then looks at the
// received events and the departments.
registry.category("web_tour.tours").add("dingtalk_connector_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("dingtalk_connector.menu_root"),
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit 服务告警群",
        },
        {
            trigger: ".o_field_widget[name=purpose] select",
            run: 'select "service"',
        },
        {
            trigger: ".o_field_widget[name=webhook_url] input",
            run: "edit https://oapi.dingtalk.com/robot/send?access_token=TOURTOKEN",
        },
        {
            trigger: ".o_field_widget[name=secret] input",
            run: "edit SECtour",
        },
        ...stepUtils.saveForm(),
        {
            trigger: '.o_menu_sections [data-menu-xmlid="dingtalk_connector.dingtalk_robot_rule_menu"]',
            run: "click",
        },
        {
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_data_row .o_field_widget[name=event] select",
            run: 'select "sla_breach"',
        },
        {
            trigger: ".o_data_row .o_field_widget[name=robot_ids] input",
            run: "edit 服务告警",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(服务告警群)",
            run: "click",
        },
        {
            trigger: ".o_data_row .o_field_widget[name=robot_ids] .o_tag:contains(服务告警群)",
        },
        {
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            trigger: ".o_data_row:not(.o_selected_row) .o_data_cell[name=event]:contains(SLA breach)",
        },
        {
            trigger: '.o_menu_sections [data-menu-xmlid="dingtalk_connector.dingtalk_event_menu"]',
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains(Received Events)",
        },
        {
            trigger: ".o_view_nocontent, .o_data_row",
        },
        {
            trigger: '.o_menu_sections [data-menu-xmlid="dingtalk_connector.dingtalk_department_menu"]',
            run: "click",
        },
        {
            trigger: ".o_list_view button[name=action_sync]",
        },
        {
            trigger: '.o_menu_sections [data-menu-xmlid="dingtalk_connector.dingtalk_users_menu"]',
            run: "click",
        },
        {
            trigger: ".o_data_row:first .o_data_cell[name=dingtalk_userid]",
            run: "click",
        },
        {
            trigger: ".o_data_row.o_selected_row .o_field_widget[name=dingtalk_userid] input",
            run: "edit tour-userid",
        },
        {
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            trigger: ".o_data_row:not(.o_selected_row) .o_data_cell[name=dingtalk_userid]:contains(tour-userid)",
        },
    ],
});
