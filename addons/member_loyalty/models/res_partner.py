# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    birthday = fields.Date(help="Members get birthday points or a coupon on this day.")
    member_card_id = fields.Many2one(
        "loyalty.card",
        compute="_compute_member_card_id",
        search="_search_member_card_id",
        help="The points account of the customer in the company's membership program.",
    )
    member_number = fields.Char(related="member_card_id.member_number")
    member_tier_id = fields.Many2one(related="member_card_id.tier_id")
    member_points = fields.Float(related="member_card_id.points", string="Member Points")

    def _search_member_card_id(self, operator, value):
        """Partners by their card of the company's membership program (also what makes
        member number, tier and points searchable)."""
        program = self.env.company.member_program_id
        cards = self.env["loyalty.card"].sudo()
        domain = [("program_id", "=", program.id), ("partner_id", "!=", False)]
        if operator in ("=", "!=") and not value:  # without / with a card
            query = cards._search(domain)
            return [("id", "not in" if operator == "=" else "in", query.subselect("partner_id"))]
        return [
            ("id", "in", cards._search([*domain, ("id", operator, value)]).subselect("partner_id"))
        ]

    def _compute_member_card_id(self):
        """One search for all partners, whatever their number (360 view)."""
        program = self.env.company.member_program_id
        cards = self.env["loyalty.card"]
        if program and self.ids:
            cards = cards.sudo().search(
                [("program_id", "=", program.id), ("partner_id", "in", self.ids)]
            )
        card_by_partner = {card.partner_id.id: card.id for card in cards}
        for partner in self:
            partner.member_card_id = card_by_partner.get(partner.id, False)

    def action_exchange_points(self):
        self.ensure_one()
        return self.member_card_id.action_exchange_points()
