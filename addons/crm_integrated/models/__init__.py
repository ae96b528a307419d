from . import cim_duplicate_mixin
from . import crm_customer_level
from . import crm_sales_region
from . import res_company
from . import res_config_settings
from . import res_partner
from . import crm_lead
