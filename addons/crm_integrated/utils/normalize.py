# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Normalised keys for the duplicate guard (撞单): the same customer written differently
must give the same key."""

import re
import unicodedata

import phonenumbers
from stdnum.cn import uscc

from odoo.tools import email_normalize

DEFAULT_NOISE_WORDS = (
    "股份有限公司,有限责任公司,集团有限公司,有限公司,股份公司,集团,公司,"
    "co.,ltd,co.ltd,co.,limited,inc,corporation,corp,company"
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def phone_key(number, region="CN"):
    """E.164 form of a phone or mobile number (+8613812345678), or ``False``."""
    if not number:
        return False
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", number)
        return digits or False
    if not phonenumbers.is_possible_number(parsed):
        digits = re.sub(r"\D", "", number)
        return digits or False
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def email_key(email):
    return email_normalize(email) or False if email else False


def uscc_key(code):
    """Compact upper-case code when it looks like a USCC (18 characters), else ``False``."""
    if not code:
        return False
    compact = uscc.compact(code)
    return compact if len(compact) == 18 else False


def noise_words(text):
    words = [w.strip().lower() for w in (text or "").split(",")]
    # longest first, so that 股份有限公司 goes before 有限公司
    return sorted({unicodedata.normalize("NFKC", w) for w in words if w}, key=len, reverse=True)


def name_key(name, words=None):
    """Company name without legal-form words, punctuation, spaces, width or case.

    潍坊鸿达机械制造有限公司, 潍坊鸿达机械制造（集团）股份有限公司 and
    "潍坊 鸿达机械制造" all give 潍坊鸿达机械制造.
    """
    if not name:
        return False
    text = unicodedata.normalize("NFKC", name).lower()
    for word in words if words is not None else noise_words(DEFAULT_NOISE_WORDS):
        text = text.replace(word, "")
    text = _NON_WORD.sub("", text)
    return text or False
