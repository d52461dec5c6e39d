/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CltApplication) app = NULL;

  clt_application_init_i18n ();
  g_set_application_name (_("Clientele"));

  app = clt_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
