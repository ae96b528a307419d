from . import loyalty_member_report
