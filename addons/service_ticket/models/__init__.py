from . import res_company
from . import res_config_settings
from . import service_ticket
from . import service_ticket_stage
from . import service_ticket_team
