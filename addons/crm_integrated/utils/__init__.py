from . import normalize
from . import mail
from . import xlsx
