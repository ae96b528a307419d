from . import test_pos_points
from . import test_pos_tour
