from . import loyalty_member_tier
from . import loyalty_program
from . import res_company
from . import res_config_settings
from . import loyalty_card
from . import loyalty_history
from . import sale_order
from . import res_partner
