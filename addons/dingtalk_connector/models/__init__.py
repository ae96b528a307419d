from . import dingtalk_client
from . import dingtalk_token
from . import dingtalk_todo
from . import dingtalk_outbox
from . import crm_lead
from . import dingtalk_robot
from . import res_company
from . import res_config_settings
