# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models


class ServiceKnowledgeArticle(models.Model):
    """Solution article (知识库): symptoms and the steps that fixed them."""

    _name = "service.knowledge.article"
    _description = "Service Knowledge Article"
    _inherit = ["mail.thread"]
    _order = "usage_count desc, id desc"

    name = fields.Char(string="Title", required=True, tracking=True, index="trigram")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    problem_type_ids = fields.Many2many("service.problem.type", string="Problem Types")
    product_ids = fields.Many2many("product.product", string="Product Models")
    symptoms = fields.Text(index="trigram", help="What the customer sees, alarms, noises…")
    steps = fields.Html(string="Solution Steps")
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    usage_count = fields.Integer(
        default=0, readonly=True, copy=False, help="How many tickets this article helped to solve."
    )
    ticket_ids = fields.Many2many(
        "service.ticket",
        "service_ticket_knowledge_article_rel",
        "article_id",
        "ticket_id",
        string="Used on Tickets",
        readonly=True,
        copy=False,
    )
    source_ticket_id = fields.Many2one("service.ticket", readonly=True, copy=False)
    author_id = fields.Many2one("res.users", default=lambda self: self.env.user)

    @api.model
    def _suggest_for(self, ticket, limit=5):
        """Articles for the ticket's problem type (or one of its parents) or product, the
        most used first."""
        domain = []
        if ticket.problem_type_id:
            parent_ids = [int(pid) for pid in ticket.problem_type_id.parent_path.split("/")[:-1]]
            domain = [("problem_type_ids", "in", parent_ids)]
        if ticket.product_id:
            product = [("product_ids", "in", ticket.product_id.ids)]
            domain = ["|", *domain, *product] if domain else product
        if not domain:
            return self.browse()
        return self.search(domain, order="usage_count desc, id desc", limit=limit)

    def action_use_on_ticket(self):
        """The engineer applies this article to the ticket in the context."""
        ticket = self.env["service.ticket"].browse(self.env.context.get("service_ticket_id"))
        if not ticket:
            return False
        ticket.check_access("write")
        for article in self.filtered(lambda a, t=ticket: t not in a.ticket_ids):
            article.sudo().write(
                {"usage_count": article.usage_count + 1, "ticket_ids": [(4, ticket.id)]}
            )
            ticket.message_post(
                body=Markup("<p>%s</p>%s")
                % (
                    self.env._("Solution article applied: %(name)s", name=article.name),
                    article.steps or "",
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True
