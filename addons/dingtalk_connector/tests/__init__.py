from . import test_dingtalk_client
from . import test_dingtalk_outbox
from . import test_dingtalk_robot
from . import test_ui
