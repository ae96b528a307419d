/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A loyalty manager adds a tier to the membership program.
registry.category("web_tour.tours").add("member_loyalty_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("member_loyalty.menu_root"),
        {
            trigger: 'button[data-menu-xmlid="member_loyalty.menu_config"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="member_loyalty.loyalty_member_tier_menu"]',
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit 白金卡",
        },
        {
            trigger: ".o_field_widget[name=program_id] input",
            run: "edit 测试会员",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu li:contains(测试会员计划)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=min_spend] input",
            run: "edit 500000",
        },
        {
            trigger: ".o_field_widget[name=points_multiplier] input",
            run: "edit 1.8",
        },
        ...stepUtils.saveForm(),
        {
            trigger: ".breadcrumb-item a:contains(Member Tiers), .breadcrumb-item a:contains(会员等级)",
            run: "click",
        },
        {
            trigger: ".o_data_row td[name=name]:contains(白金卡)",
        },
    ],
});
