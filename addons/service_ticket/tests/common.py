# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, new_test_user


class ServiceCommon(TransactionCase):
    """Engineers, a dispatcher, a manager, a team and two customer companies, each with a
    portal contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.service_auto_dispatch = False
        # the demo data's rules and policies would apply too
        cls.env["service.dispatch.rule"].search([]).active = False
        cls.env["service.sla.policy"].search([]).active = False
        cls.level_a = cls.env.ref("crm_integrated.crm_customer_level_a")
        cls.level_c = cls.env.ref("crm_integrated.crm_customer_level_c")
        cls.stage_received = cls.env.ref("service_ticket.stage_received")
        cls.stage_diagnosis = cls.env.ref("service_ticket.stage_diagnosis")
        cls.stage_dispatched = cls.env.ref("service_ticket.stage_dispatched")
        cls.stage_progress = cls.env.ref("service_ticket.stage_in_progress")
        cls.stage_follow_up = cls.env.ref("service_ticket.stage_follow_up")
        cls.stage_closed = cls.env.ref("service_ticket.stage_closed")
        engineer_groups = "base.group_user,service_ticket.service_ticket_group_user"
        cls.engineer = new_test_user(
            cls.env, login="st_engineer", name="孙工", tz="Asia/Shanghai", groups=engineer_groups
        )
        cls.engineer_2 = new_test_user(
            cls.env, login="st_engineer2", name="周工", tz="Asia/Shanghai", groups=engineer_groups
        )
        cls.outsider = new_test_user(
            cls.env, login="st_outsider", name="外组工程师", groups=engineer_groups
        )
        cls.dispatcher = new_test_user(
            cls.env,
            login="st_dispatcher",
            name="调度员",
            tz="Asia/Shanghai",
            groups="base.group_user,service_ticket.service_ticket_group_dispatcher",
        )
        cls.leader = new_test_user(
            cls.env,
            login="st_leader",
            name="服务站长",
            tz="Asia/Shanghai",
            groups="base.group_user,service_ticket.service_ticket_group_manager",
        )
        cls.team = cls.env["service.ticket.team"].create(
            {
                "name": "测试服务站",
                "leader_id": cls.leader.id,
                "member_ids": [(6, 0, (cls.engineer | cls.engineer_2).ids)],
            }
        )
        cls.other_team = cls.env["service.ticket.team"].create(
            {"name": "其他服务站", "member_ids": [(6, 0, cls.outsider.ids)]}
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "潍坊工单测试客户有限公司",
                "is_company": True,
                "customer_level_id": cls.level_a.id,
                "email": "service@wf-customer.example.cn",
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "李联系", "parent_id": cls.customer.id, "email": "li@wf-customer.example.cn"}
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {
                "name": "青岛另一家客户有限公司",
                "is_company": True,
                "customer_level_id": cls.level_c.id,
            }
        )
        cls.portal_user = new_test_user(
            cls.env, login="st_portal_a", name="客户甲", groups="base.group_portal"
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.portal_colleague = new_test_user(
            cls.env, login="st_portal_a2", name="客户甲同事", groups="base.group_portal"
        )
        cls.portal_colleague.partner_id.parent_id = cls.customer
        cls.portal_user_2 = new_test_user(
            cls.env, login="st_portal_b", name="客户乙", groups="base.group_portal"
        )
        cls.portal_user_2.partner_id.parent_id = cls.customer_2
        cls.Ticket = cls.env["service.ticket"]
