/* clt-core.h: the public headers of libclientele-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "workspace/clt-workspace.h"
#include "import/clt-import-batch.h"
#include "identity/clt-keys.h"
#include "identity/clt-matcher.h"
#include "identity/clt-resolver.h"
#include "identity/clt-identity.h"
#include "identity/clt-timeline.h"
#include "import/clt-archive.h"
#include "import/clt-csv-reader.h"
#include "import/clt-import-error.h"
#include "import/clt-value.h"
#include "import/clt-field.h"
#include "import/clt-mapping.h"
#include "import/clt-preset.h"
#include "import/clt-demo.h"
#include "import/clt-importer.h"
#include "import/clt-json-reader.h"
#include "browse/clt-browse-types.h"
#include "browse/clt-large-workspace.h"
#include "browse/clt-profile-item.h"
#include "browse/clt-profile-list.h"
#include "browse/clt-search-fold.h"
#include "import/clt-row-reader.h"
