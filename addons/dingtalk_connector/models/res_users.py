# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import hmac
import secrets
from datetime import timedelta

import phonenumbers

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessDenied

SIGNIN_TOKEN_TTL = timedelta(minutes=2)


def normalize_mobile(number, region="CN"):
    """E.164 form of a phone number, or None: '138 0536 1234', '+86-13805361234' and
    '8613805361234' are the same mobile."""
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(str(number), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class ResUsers(models.Model):
    _inherit = "res.users"

    dingtalk_userid = fields.Char(
        string="DingTalk userid",
        copy=False,
        index="btree_not_null",
        help="The user's id in the company's DingTalk organisation (set by the contacts sync).",
    )
    dingtalk_unionid = fields.Char(string="DingTalk unionId", copy=False, index="btree_not_null")
    dingtalk_signin_token = fields.Char(
        string="DingTalk Sign-in Token", copy=False, groups="base.group_system"
    )
    dingtalk_signin_expiry = fields.Datetime(
        string="DingTalk Sign-in Expiry", copy=False, groups="base.group_system"
    )

    _sql_constraints = [
        (
            "dingtalk_userid_uniq",
            "unique(company_id, dingtalk_userid)",
            "A DingTalk user is linked to one Odoo user.",
        ),
    ]

    @api.model
    def _dingtalk_link(self, company, dingtalk_users):
        """Link DingTalk users (dicts from the contacts API) to internal Odoo users: by
        userid if already linked, else by mobile (normalised), else by e-mail. Loads the
        candidates once, not per user. Returns the users linked or updated."""
        Users = self.sudo().with_context(active_test=False)
        internal = Users.search([("share", "=", False), ("company_ids", "in", company.id)])
        by_userid = {u.dingtalk_userid: u for u in internal if u.dingtalk_userid}
        by_mobile, by_email = {}, {}
        region = company.country_id.code or "CN"
        for user in internal:
            for number in (user.partner_id.mobile, user.partner_id.phone):
                key = normalize_mobile(number, region)
                if key:
                    by_mobile.setdefault(key, user)
            for email in (user.email, user.login):
                if email and "@" in email:
                    by_email.setdefault(email.strip().lower(), user)
        changed = self.browse()
        missing = []
        for info in dingtalk_users:
            userid = info.get("userid")
            if not userid:
                continue
            user = by_userid.get(userid)
            if not user:
                user = by_mobile.get(normalize_mobile(info.get("mobile"), region)) or by_email.get(
                    (info.get("email") or "").strip().lower()
                )
                if user and user.dingtalk_userid:
                    continue  # already linked to another DingTalk user
                if not user:
                    missing.append(info)
                    continue
            values = {"dingtalk_userid": userid, "dingtalk_unionid": info.get("unionid") or False}
            if (user.dingtalk_userid, user.dingtalk_unionid) != tuple(values.values()):
                user.write(values)
                changed |= user
            by_userid[userid] = user
        if company.dingtalk_create_users:
            changed |= self._dingtalk_create_users(company, missing, by_email)
        return changed

    @api.model
    def _dingtalk_create_users(self, company, dingtalk_users, by_email):
        """Internal users for active DingTalk users nobody matched; the login is the
        e-mail, else the mobile, else the DingTalk userid."""
        logins = set(by_email)
        vals_list = []
        for info in dingtalk_users:
            if info.get("active") is False or not info.get("name"):
                continue
            email = (info.get("email") or "").strip().lower()
            login = email or normalize_mobile(info.get("mobile")) or f"dingtalk-{info['userid']}"
            if login in logins:
                continue
            logins.add(login)
            vals_list.append(
                {
                    "name": info["name"],
                    "login": login,
                    "email": email or False,
                    "mobile": info.get("mobile") or False,
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "dingtalk_userid": info["userid"],
                    "dingtalk_unionid": info.get("unionid") or False,
                }
            )
        if not vals_list:
            return self.browse()
        return self.sudo().with_context(no_reset_password=True).create(vals_list)

    @api.model
    def _dingtalk_unlink_leavers(self, company, userids):
        """DingTalk users who left the organisation: their customers, open leads and
        activities are handed over (``crm_integrated``'s leaver hand-over) to their sales
        team's leader, else to the pools; then they are unlinked and archived, and can no
        longer sign in."""
        leavers = self.sudo().search(
            [("dingtalk_userid", "in", list(userids)), ("company_id", "=", company.id)]
        )
        Partner = self.env["res.partner"].with_user(SUPERUSER_ID)
        Pool = self.env["crm.customer.pool"].sudo()
        for leaver in leavers:
            team = leaver.sale_team_id
            successor = team.user_id if team.user_id != leaver else self.browse()
            pool = Pool.browse()
            if not successor:
                pool = Pool.search(
                    [("company_id", "in", [company.id, False]), ("team_ids", "in", team.ids)],
                    limit=1,
                ) or Pool.search([("company_id", "in", [company.id, False])], limit=1)
            Partner._cim_hand_over(
                leaver,
                successor,
                pool=pool or None,
                reason=self.env._("Left the organisation in DingTalk"),
            )
        leavers.write({"dingtalk_userid": False, "dingtalk_unionid": False, "active": False})
        return leavers

    def _dingtalk_signin_token(self):
        """A one-time credential for signing in as this user after DingTalk vouched for
        them (免登); only its hash is stored, valid two minutes."""
        self.ensure_one()
        token = secrets.token_urlsafe(32)
        self.sudo().write(
            {
                "dingtalk_signin_token": hashlib.sha256(token.encode()).hexdigest(),
                "dingtalk_signin_expiry": fields.Datetime.now() + SIGNIN_TOKEN_TTL,
            }
        )
        return token

    def _check_credentials(self, credential, env):
        try:
            return super()._check_credentials(credential, env)
        except AccessDenied:
            if credential.get("type") != "dingtalk" or not credential.get("token"):
                raise
            user = self.env.user.sudo()
            digest = hashlib.sha256(credential["token"].encode()).hexdigest()
            valid = (
                env.get("interactive")
                and user.active
                and user.dingtalk_signin_token
                and hmac.compare_digest(user.dingtalk_signin_token, digest)
                and user.dingtalk_signin_expiry
                and user.dingtalk_signin_expiry > fields.Datetime.now()
            )
            if not valid:
                raise
            user.write({"dingtalk_signin_token": False, "dingtalk_signin_expiry": False})
            return {"uid": user.id, "auth_method": "dingtalk", "mfa": "default"}
