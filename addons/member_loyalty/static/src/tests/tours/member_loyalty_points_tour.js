/** @odoo-module */
import { registry } from "@web/core/registry";

// A salesman with billing rights sells to a member (the quotation shows the tier), confirms,
// invoices and registers the payment: the points appear on the member's card.
registry.category("web_tour.tours").add("member_loyalty_earn_tour", {
    steps: () => [
        {
            content: "The quotation shows the member tier",
            trigger: ".o_form_view .o_field_widget[name=member_tier_id]:contains(普通会员)",
        },
        {
            content: "Confirm the quotation",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Create the invoice",
            trigger: ".o_form_view .o_statusbar_buttons button#create_invoice",
            run: "click",
        },
        {
            content: "As a draft",
            trigger: ".modal button#create_invoice_open",
            run: "click",
        },
        {
            content: "Post the invoice",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_post]",
            run: "click",
        },
        {
            content: "Register the payment",
            trigger: ".o_form_view .o_statusbar_buttons button#account_invoice_payment_btn",
            run: "click",
        },
        {
            content: "Create it",
            trigger: ".modal button[name=action_create_payments]",
            run: "click",
        },
        {
            content: "The payment is registered",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Back to the order",
            trigger: ".o_breadcrumb .breadcrumb-item + .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The points of the payment are on the member's card",
            trigger: ".o_form_view .o_field_widget[name=member_points]:contains(200)",
        },
    ],
});

// On the next quotation the member redeems the points through Odoo's reward button.
registry.category("web_tour.tours").add("member_loyalty_redeem_tour", {
    steps: () => [
        {
            content: "The member has 200 points",
            trigger: ".o_form_view .o_field_widget[name=member_points]:contains(200)",
        },
        {
            content: "Apply the points reward",
            trigger: ".o_form_view button[name=action_open_reward_wizard]",
            run: "click",
        },
        {
            content: "The discount line is on the order",
            trigger: ".o_field_widget[name=order_line] .o_data_row + .o_data_row",
        },
        {
            content: "Confirm the order",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_form_view .o_statusbar_buttons button#create_invoice",
        },
    ],
});
