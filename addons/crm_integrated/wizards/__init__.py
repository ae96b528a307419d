from . import crm_customer_handover
from . import base_partner_merge_automatic_wizard
from . import cim_approval_decision
