from . import loyalty_member_report
from . import loyalty_repurchase_report
