# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import CimCommon


@tagged("post_install", "-at_install")
class TestAssignmentRule(CimCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.assignment.rule"].search([]).active = False  # demo rules out of the way
        group = "base.group_user,crm_integrated.crm_integrated_group_user"
        cls.u1, cls.u2, cls.u3, cls.u4 = (
            new_test_user(cls.env, login=f"cim_route_{i}", groups=group) for i in range(4)
        )
        cls.key_team = cls.env["crm.team"].create(
            {"name": "大客户A组", "member_ids": [(6, 0, (cls.u1 | cls.u2 | cls.u3).ids)]}
        )
        cls.north_team = cls.env["crm.team"].create(
            {"name": "华北组", "member_ids": [(6, 0, cls.u4.ids)]}
        )
        cls.manufacturing = cls.env.ref("base.res_partner_industry_C")
        Rule = cls.env["crm.assignment.rule"]
        cls.key_rule = Rule.create(
            {
                "name": "制造业大单",
                "sequence": 1,
                "team_id": cls.key_team.id,
                "domain": str(
                    [
                        ("cim_industry_id", "=", cls.manufacturing.id),
                        ("expected_revenue", ">", 500000),
                    ]
                ),
            }
        )
        cls.north_rule = Rule.create(
            {
                "name": "华北",
                "sequence": 2,
                "team_id": cls.north_team.id,
                "domain": str([("state_id", "=", cls.beijing.id)]),
            }
        )

    def _lead(self, **values):
        vals = {"name": "新线索", "user_id": False, "team_id": False}
        vals.update(values)
        return self.env["crm.lead"].create(vals)

    def _big(self, **values):
        return self._lead(cim_industry_id=self.manufacturing.id, expected_revenue=800000, **values)

    def test_first_match_wins(self):
        lead = self._big(state_id=self.beijing.id)
        self.assertEqual(lead.team_id, self.key_team)
        self.assertEqual(lead.cim_assignment_rule_id, self.key_rule)
        north = self._lead(state_id=self.beijing.id, expected_revenue=1000)
        self.assertEqual(north.team_id, self.north_team)
        self.assertEqual(north.user_id, self.u4)
        self.assertEqual(north.cim_assignment_rule_id, self.north_rule)
        other = self._lead(expected_revenue=1000)
        self.assertFalse(other.user_id)
        self.assertFalse(other.cim_assignment_rule_id)

    def test_round_robin(self):
        users = [self._big().user_id for _i in range(4)]
        self.assertEqual(users, [self.u1, self.u2, self.u3, self.u1])
        self.assertEqual(self.key_rule.lead_count, 4)

    def test_least_loaded(self):
        self.key_rule.method = "least_loaded"
        for _i in range(2):
            self.env["crm.lead"].create({"name": "存量", "user_id": self.u1.id})
        self.env["crm.lead"].create({"name": "存量", "user_id": self.u2.id})
        users = [self._big().user_id for _i in range(3)]
        self.assertEqual(users, [self.u3, self.u2, self.u3])

    def test_opt_out_and_capacity_respected(self):
        members = self.key_team.crm_team_member_ids
        members.filtered(lambda m: m.user_id == self.u1).assignment_optout = True
        members.filtered(lambda m: m.user_id == self.u2).assignment_max = 1
        users = [self._big().user_id for _i in range(3)]
        self.assertEqual(users, [self.u2, self.u3, self.u3])

    def test_lead_with_salesperson_is_not_rerouted(self):
        lead = self._big(user_id=self.salesman.id)
        self.assertEqual(lead.user_id, self.salesman)
        self.assertFalse(lead.cim_assignment_rule_id)

    def test_backlog(self):
        lead = (
            self.env["crm.lead"]
            .with_context(cim_no_assignment=True)
            .create({"name": "积压", "user_id": False, "state_id": self.beijing.id})
        )
        self.assertFalse(lead.user_id)
        self.north_rule.action_apply_to_backlog()
        self.assertEqual(lead.user_id, self.u4)

    def test_invalid_domain_rejected(self):
        with self.assertRaises(ValidationError):
            self.key_rule.domain = "[('no_such_field', '=', 1)]"

    def test_conversion_carries_industry(self):
        lead = self._big(partner_name="烟台新材料有限公司")
        lead._handle_partner_assignment(create_missing=True)
        self.assertEqual(lead.partner_id.industry_id, self.manufacturing)
