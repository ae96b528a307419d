from . import crm_funnel_report
from . import crm_leaderboard_report
from . import crm_channel_roi_report
