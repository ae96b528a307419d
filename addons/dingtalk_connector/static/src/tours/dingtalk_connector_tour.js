/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// An administrator connects a DingTalk group robot.
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
    ],
});
