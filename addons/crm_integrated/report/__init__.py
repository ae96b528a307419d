from . import crm_funnel_report
from . import crm_leaderboard_report
from . import crm_channel_roi_report
from . import crm_region_report
from . import crm_product_profit_report
from . import crm_receivable_ageing_report
