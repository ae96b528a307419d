from . import test_dingtalk_robot
from . import test_ui
