from . import loyalty_card
from . import pos_order
