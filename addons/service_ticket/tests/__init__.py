from . import test_service_ticket
from . import test_ui
