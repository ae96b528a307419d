from . import test_member_tier
from . import test_ui
from . import test_ledger
from . import test_earning
from . import test_expiry
from . import test_concurrency
from . import test_tiers
