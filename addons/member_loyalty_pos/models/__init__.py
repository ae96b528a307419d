from . import loyalty_card
from . import loyalty_member_segment
from . import loyalty_program
from . import pos_order
