from . import test_customer_pool
from . import test_duplicate_guard
from . import test_handover
from . import test_partner_master
from . import test_security
from . import test_stale_rule
from . import test_translations
from . import test_ui
