from . import normalize
from . import mail
