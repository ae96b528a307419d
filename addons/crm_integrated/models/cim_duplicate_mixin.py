# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, html_escape

from ..utils import normalize

DUPLICATE_KEYS = ("uscc", "phone", "email", "name")


class CimDuplicateMixin(models.AbstractModel):
    """Normalised keys and the duplicate guard (撞单) shared by customers and leads.

    Inheriting models implement ``_cim_key_values()`` (the raw values of each key) with
    its dependencies on ``_compute_cim_keys``, and ``_cim_same_customer_domain()``.
    """

    _name = "cim.duplicate.mixin"
    _description = "Duplicate Guard Keys"

    cim_uscc_key = fields.Char(
        string="USCC Key",
        compute="_compute_cim_keys",
        store=True,
        index="btree_not_null",
        copy=False,
        prefetch="cim_keys",
    )
    cim_mobile_key = fields.Char(
        string="Mobile Key",
        compute="_compute_cim_keys",
        store=True,
        index="btree_not_null",
        copy=False,
        prefetch="cim_keys",
    )
    cim_phone_key = fields.Char(
        string="Phone Key",
        compute="_compute_cim_keys",
        store=True,
        index="btree_not_null",
        copy=False,
        prefetch="cim_keys",
    )
    cim_email_key = fields.Char(
        string="Email Key",
        compute="_compute_cim_keys",
        store=True,
        index="btree_not_null",
        copy=False,
        prefetch="cim_keys",
    )
    cim_name_key = fields.Char(
        string="Company Name Key",
        compute="_compute_cim_keys",
        store=True,
        index="trigram",
        copy=False,
        prefetch="cim_keys",
    )
    cim_duplicate_warning = fields.Html(
        compute="_compute_cim_duplicate_warning", sanitize=False, string="Possible Duplicates"
    )

    def _cim_key_values(self):
        """Raw values: {'uscc': …, 'mobile': …, 'phone': …, 'email': …, 'name': …}."""
        raise NotImplementedError

    def _cim_same_customer_domains(self):
        """(partner domain, lead domain) of records that belong to this same customer."""
        raise NotImplementedError

    def _compute_cim_keys(self):
        words = normalize.noise_words(self.env["res.company"]._cim_noise_words())
        for record in self:
            raw = record._cim_key_values()
            record.cim_uscc_key = normalize.uscc_key(raw.get("uscc"))
            record.cim_mobile_key = normalize.phone_key(raw.get("mobile"))
            record.cim_phone_key = normalize.phone_key(raw.get("phone"))
            record.cim_email_key = normalize.email_key(raw.get("email"))
            record.cim_name_key = normalize.name_key(raw.get("name"), words)

    @api.depends("cim_uscc_key", "cim_mobile_key", "cim_phone_key", "cim_email_key", "cim_name_key")
    def _compute_cim_duplicate_warning(self):
        for record in self:
            found = record._cim_find_duplicates(modes=("warn", "block"))
            record.cim_duplicate_warning = record._cim_duplicate_html(found) if found else False

    # ------------------------------------------------------------------
    # search
    # ------------------------------------------------------------------

    def _cim_find_duplicates(self, modes=("block",), limit=5):
        """Records of other customers sharing a key whose mode is in ``modes``.

        Returns a list of (key, record) with record a res.partner or crm.lead, searched
        as superuser: the point is to find what the salesperson cannot see.
        """
        self.ensure_one()
        company = self.env.company
        config = company._cim_duplicate_modes()
        phones = {self.cim_mobile_key, self.cim_phone_key} - {False, None}
        values = {
            "uscc": {self.cim_uscc_key} - {False, None},
            "phone": phones,
            "email": {self.cim_email_key} - {False, None},
            "name": {self.cim_name_key} - {False, None},
        }
        partner_exclude, lead_exclude = self._cim_same_customer_domains()
        found = []
        for key in DUPLICATE_KEYS:
            if config[key] not in modes or not values[key]:
                continue
            for model, exclude in (("res.partner", partner_exclude), ("crm.lead", lead_exclude)):
                Model = self.env[model].sudo()
                domain = Model._cim_key_domain(key, values[key]) + exclude
                # one company's customers are not another company's duplicates
                domain += [("company_id", "in", [self.company_id.id or company.id, False])]
                if model == "crm.lead":
                    domain += [("active", "=", True), ("probability", "<", 100)]
                    # leads being converted into this very customer
                    converting = self.env.context.get("cim_converting_lead_ids")
                    if converting:
                        domain += [("id", "not in", converting)]
                records = Model.search(domain, limit=limit)
                if key == "name" and not records and company.cim_dup_name_similarity:
                    records = Model._cim_similar_names(
                        next(iter(values[key])), company.cim_dup_name_similarity, exclude, limit
                    )
                found += [(key, rec) for rec in records]
        return found

    @api.model
    def _cim_key_domain(self, key, values):
        values = list(values)
        if key == "phone":
            return ["|", ("cim_mobile_key", "in", values), ("cim_phone_key", "in", values)]
        return [(f"cim_{key}_key", "in", values)]

    @api.model
    def _cim_similar_names(self, name_key, threshold, exclude, limit):
        """Names whose trigram similarity reaches ``threshold`` (uses the trigram index)."""
        self.env.flush_all()
        base = self._search(exclude).select(SQL.identifier(self._table, "id"))
        cr = self.env.cr
        cr.execute(
            SQL("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", str(threshold))
        )
        # the % operator of pg_trgm cannot be written in odoo.tools.SQL: plain psycopg2 here
        cr.execute(
            f"""SELECT t.id FROM "{self._table}" t
                 WHERE t.cim_name_key %% %s AND t.id IN ({base.code})
              ORDER BY similarity(t.cim_name_key, %s) DESC LIMIT %s""",  # noqa: S608
            [name_key, *base.params, name_key, limit],
        )
        return self.browse(row[0] for row in cr.fetchall())

    # ------------------------------------------------------------------
    # messages
    # ------------------------------------------------------------------

    def _cim_key_label(self, key):
        return {
            "uscc": self.env._("Unified social credit code"),
            "phone": self.env._("Phone/mobile"),
            "email": self.env._("Email"),
            "name": self.env._("Company name"),
        }[key]

    def _cim_describe(self, record):
        kind = self.env._("Customer") if record._name == "res.partner" else self.env._("Lead")
        owner = record.user_id.name or self.env._("nobody (public pool)")
        return self.env._(
            "%(kind)s “%(name)s”, owner: %(owner)s",
            kind=kind,
            name=record.display_name,
            owner=owner,
        )

    def _cim_duplicate_html(self, found):
        items = "".join(
            f"<li>{html_escape(self._cim_key_label(key))}: "
            f"{html_escape(self._cim_describe(rec))}</li>"
            for key, rec in found
        )
        return f"<ul class='mb-0'>{items}</ul>"

    def _cim_check_duplicates(self):
        if self.env.context.get("cim_skip_duplicate_check"):
            return
        for record in self:
            found = record._cim_find_duplicates(modes=("block",), limit=1)
            if found:
                key, existing = found[0]
                raise ValidationError(
                    self.env._(
                        "Duplicate customer (撞单): the %(key)s of “%(name)s” is already used "
                        "by %(existing)s. Ask a manager to settle who owns this customer.",
                        key=record._cim_key_label(key).lower(),
                        name=record.display_name,
                        existing=record._cim_describe(existing),
                    )
                )

    @api.model
    def _cim_recompute_keys(self, batch_size=10000):
        """Recompute the keys of every record (after the noise words changed), in batches."""
        ids = self.with_context(active_test=False).search([]).ids
        for start in range(0, len(ids), batch_size):
            batch = self.browse(ids[start : start + batch_size])
            self.env.add_to_compute(self._fields["cim_name_key"], batch)
            batch.flush_recordset(["cim_name_key"])
            batch.invalidate_recordset()
