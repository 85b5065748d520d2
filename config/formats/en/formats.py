# The English interface keeps the Danish number and date conventions: the documents are Danish.
from config.formats.da.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
MONTH_DAY_FORMAT = "j F"
