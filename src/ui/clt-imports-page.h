/* clt-imports-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-page.h"

G_BEGIN_DECLS

#define CLT_TYPE_IMPORTS_PAGE (clt_imports_page_get_type ())

G_DECLARE_FINAL_TYPE (CltImportsPage, clt_imports_page, CLT, IMPORTS_PAGE, CltPage)

G_END_DECLS
