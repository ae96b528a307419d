from . import test_service_ticket
from . import test_mail_gateway
from . import test_portal
from . import test_sla
from . import test_dispatch
from . import test_equipment
from . import test_satisfaction
from . import test_ui
