from . import loyalty_member_tier
from . import loyalty_program
from . import res_company
from . import res_config_settings
