from . import test_member_tier
from . import test_ui
from . import test_ledger
