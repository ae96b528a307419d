/** @odoo-module */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const tours = registry.category("web_tour.tours");

// the portal chatter loads its own bundle: let it finish before leaving the page
const chatterReady = {
    trigger: ".o_portal_chatter",
    run: async () => {
        await odoo.portalChatterReady;
    },
};

// the last page may still be fetching (chatter messages, rating page assets) when the
// tour ends and the browser closes: a fetch cut off then is logged as an error
const settle = {
    trigger: "body",
    run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
    },
};

// A service engineer records a phone call as a ticket and takes it.
tours.add("service_ticket_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("service_ticket.menu_root"),
        { trigger: ".o-kanban-button-new, .o_list_button_add", run: "click" },
        { trigger: ".o_field_widget[name=name] input", run: "edit 加工中心换刀故障" },
        { trigger: ".o_field_widget[name=partner_id] input", run: "edit 工单测试客户" },
        { trigger: ".o-autocomplete--dropdown-menu li:contains(工单测试客户)", run: "click" },
        ...stepUtils.saveForm(),
        { trigger: "button[name=action_assign_to_me]", run: "click" },
        { trigger: ".o_form_view:not(:has(button[name=action_assign_to_me]))" },
        {
            trigger:
                ".o_statusbar_status button:contains(Diagnosis), .o_statusbar_status button:contains(诊断)",
            run: "click",
        },
        {
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains(Diagnosis), .o_statusbar_status button.o_arrow_button_current:contains(诊断)",
        },
    ],
});

// 1. A portal customer reports a problem.
tours.add("service_ticket_portal_submit_tour", {
    url: "/my/tickets",
    steps: () => [
        { trigger: "a.o_service_ticket_new", run: "click" },
        { trigger: "form.o_service_ticket_form input[name=name]", run: "edit 液压站压力上不去" },
        { trigger: "form.o_service_ticket_form select[name=problem_type_id]", run: "selectByLabel 液压故障" },
        { trigger: "form.o_service_ticket_form textarea[name=description]", run: "edit 开机后压力只有 8MPa" },
        { trigger: "button.o_service_ticket_submit", run: "click" },
        { trigger: ".o_service_ticket_portal h3:contains(液压站压力上不去)" },
        { trigger: ".o_service_ticket_portal:contains(液压故障)" },
        chatterReady,
        settle,
    ],
});

// 2. The engineer takes the ticket through the stages and closes it.
const stage = (en, zh) => [
    {
        trigger: `.o_statusbar_status button:contains(${en}), .o_statusbar_status button:contains(${zh})`,
        run: "click",
    },
    {
        trigger: `.o_statusbar_status button.o_arrow_button_current:contains(${en}), .o_statusbar_status button.o_arrow_button_current:contains(${zh})`,
    },
];
tours.add("service_ticket_engineer_tour", {
    steps: () => [
        { trigger: ".o_form_view .o_field_widget[name=name]:contains(液压站压力上不去), .o_form_view .o_field_widget[name=name] input" },
        { trigger: "button[name=action_assign_to_me]", run: "click" },
        { trigger: ".o_form_view:not(:has(button[name=action_assign_to_me]))" },
        ...stage("Diagnosis", "诊断"),
        ...stage("Dispatched", "派工"),
        ...stage("In Progress", "处理"),
        ...stage("Follow-up Visit", "回访"),
        { trigger: "button[name=action_close]", run: "click" },
        { trigger: ".o_form_view:not(:has(button[name=action_close]))" },
    ],
});

// 3. The customer rates the service from the portal.
tours.add("service_ticket_portal_rating_tour", {
    steps: () => [
        chatterReady,
        { trigger: ".o_service_ticket_rating a.o_service_rate_5", run: "click" },
        { trigger: "textarea[name=feedback]", run: "edit 孙工很专业，半天就修好了" },
        { trigger: "form[action*=submit_feedback] button[type=submit]", run: "click" },
        { trigger: "body:contains(Thank you), body:contains(感谢)" },
        settle,
    ],
});
