/* clt-source-icon.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "clt-source-icon.h"

/**
 * clt_source_icon_name:
 * @kind: (nullable): a source kind, as presets name them: mailchimp, hubspot, shopify, loyalty, …
 *
 * Returns: the symbolic icon for the kind of system: newsletter, CRM, shop, loyalty card
 */
const char *
clt_source_icon_name (const char *kind)
{
  static const struct { const char *kind; const char *icon; } icons[] = {
    { "mailchimp", "mail-unread-symbolic" },
    { "brevo", "mail-unread-symbolic" },
    { "cleverreach", "mail-unread-symbolic" },
    { "hubspot", "x-office-address-book-symbolic" },
    { "salesforce", "x-office-address-book-symbolic" },
    { "pipedrive", "x-office-address-book-symbolic" },
    { "shopify", "clt-shop-symbolic" },
    { "stripe", "clt-shop-symbolic" },
    { "square", "clt-shop-symbolic" },
    { "loyalty", "auth-smartcard-symbolic" },
  };

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (icons); i++)
    {
      if (g_str_equal (kind, icons[i].kind))
        return icons[i].icon;
    }

  return "x-office-document-symbolic";
}
