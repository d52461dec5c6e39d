/* clt-application-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-application.h"

G_BEGIN_DECLS

void _clt_application_actions_init (CltApplication *self);

G_END_DECLS
