/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A salesperson asks for the approval of a large quotation (审批).
registry.category("web_tour.tours").add("crm_integrated_approval_request_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_integrated.menu_root"),
        {
            trigger: 'a[data-menu-xmlid="crm_integrated.sale_order_menu_quotation"], button[data-menu-xmlid="crm_integrated.sale_order_menu_quotation"]',
            run: "click",
        },
        {
            trigger: ".o_data_row td:contains(巡检审批客户)",
            run: "click",
        },
        {
            trigger: ".o_form_statusbar button[name=action_cim_request_approval]",
            run: "click",
        },
        {
            trigger: ".o_group .o_field_widget[name=cim_approval_state]:contains(Pending Approval)",
        },
        {
            trigger: ".o-mail-Message:contains(Approval requested)",
        },
    ],
});

// The sales manager finds it in "My Approvals", approves it, confirms it and sees its
// payment plan.
registry.category("web_tour.tours").add("crm_integrated_approval_decide_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_integrated.menu_root"),
        {
            trigger: 'button[data-menu-xmlid="crm_integrated.menu_lead_to_cash"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="crm_integrated.cim_approval_request_line_menu_mine"], button[data-menu-xmlid="crm_integrated.cim_approval_request_line_menu_mine"]',
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(销售经理) button[name=action_open_document]",
            run: "click",
        },
        {
            trigger: ".o_form_statusbar button[name=action_cim_approve]",
            run: "click",
        },
        {
            trigger: ".modal div[name=comment] textarea",
            run: "edit 价格和交期确认无误",
        },
        {
            trigger: ".modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_group .o_field_widget[name=cim_approval_state]:contains(Approved)",
        },
        {
            trigger: ".o_form_statusbar button[name=action_confirm]:not([disabled])",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Payment Plan)",
            run: "click",
        },
        {
            // the instalments are made by the hand-off job, right after the commit
            trigger: ".o_notebook .alert-info:contains(payment terms)",
        },
    ],
});

// On a phone: the approver opens "My Approvals" (cards), the quotation, and approves from
// the approval to-do in the chatter.
registry.category("web_tour.tours").add("crm_integrated_approval_mobile_tour", {
    url: "/odoo/action-crm_integrated.cim_approval_request_line_action_mine",
    steps: () => [
        {
            trigger: ".o_kanban_record:contains(销售经理) button[name=action_open_document]",
            run: "click",
        },
        {
            trigger: ".o-mail-Activity:not(:has(.o-mail-Activity-markDone)) .o-cim-Activity-approve",
            run: "click",
        },
        {
            trigger: ".modal div[name=comment] textarea",
            run: "edit 手机上审批同意",
        },
        {
            trigger: ".modal button[name=action_confirm]:contains(Approve)",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_field_widget[name=cim_approval_state]:contains(Approved)",
        },
        {
            trigger: ".o-mail-Chatter:not(:has(.o-cim-Activity-approve))",
        },
    ],
});
