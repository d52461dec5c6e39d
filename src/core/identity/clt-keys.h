/* clt-keys.h: comparison keys for telling whether two records are the same person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char        *clt_key_name       (const char  *name);
GStrv        clt_key_name_parts (const char  *name);
const char  *clt_key_nickname   (const char  *folded_first_name);
char        *clt_key_email      (const char  *email);
char        *clt_key_street     (const char  *street,
                                 char       **house_number);
double       clt_jaro_winkler_at_least (const char *a,
                                        const char *b,
                                        double      floor);
double       clt_jaro_winkler   (const char  *a,
                                 const char  *b);

G_END_DECLS
