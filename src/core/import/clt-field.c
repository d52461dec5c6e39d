/* clt-field.c: the field catalogue, with the column names that mean each field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-field"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clt-field.h"

typedef struct
{
  const char *id;
  const char *label;
  /* Column names that mean this field, folded: lower case, letters and digits only. */
  const char *synonyms;
} FieldInfo;

static const FieldInfo fields[CLT_N_FIELDS] = {
  [CLT_FIELD_NONE] = { "none", N_("Not imported"), "" },
  [CLT_FIELD_EXTERNAL_ID] = { "external_id", N_("Customer number"),
    "id|recordid|customerid|customernumber|kundennummer|kundennr|kundenid|contactid|extid|referenceid|personid|mitgliedsnummer|mitgliedsnr" },
  [CLT_FIELD_FIRST_NAME] = { "first_name", N_("First name"), "firstname|vorname|givenname|forename|fname" },
  [CLT_FIELD_LAST_NAME] = { "last_name", N_("Last name"), "lastname|nachname|surname|familienname|lname|familyname" },
  [CLT_FIELD_FULL_NAME] = { "full_name", N_("Full name"), "name|fullname|vollstandigername|kundenname|kunde|customername|billingname" },
  [CLT_FIELD_EMAIL] = { "email", N_("E-mail"), "email|emailaddress|mail|emailadresse|mailadresse|eMail|epost|emailwork" },
  [CLT_FIELD_PHONE] = { "phone", N_("Phone"), "phone|phonenumber|telefon|telefonnummer|tel|festnetz|landlinenumber|phonework|defaultaddressphone" },
  [CLT_FIELD_MOBILE] = { "mobile", N_("Mobile phone"), "mobile|mobilephone|mobil|handy|mobilnummer|handynummer|sms|phonemobile|mobiltelefon" },
  [CLT_FIELD_STREET] = { "street", N_("Street"), "street|strasse|streetaddress|address|adresse|address1|anschrift|streetaddress1|defaultaddressaddress1|mailingstreet|billingstreet" },
  [CLT_FIELD_STREET2] = { "street2", N_("Address line 2"), "address2|streetaddress2|adresszusatz|zusatz|defaultaddressaddress2" },
  [CLT_FIELD_POSTCODE] = { "postcode", N_("Postcode"), "postcode|plz|postleitzahl|zip|zipcode|postalcode|defaultaddresszip|mailingpostalcode|billingzip" },
  [CLT_FIELD_CITY] = { "city", N_("City"), "city|ort|stadt|wohnort|town|defaultaddresscity|mailingcity|billingcity" },
  [CLT_FIELD_REGION] = { "region", N_("Region"), "region|state|province|bundesland|kanton|provincecode|defaultaddressprovincecode" },
  [CLT_FIELD_COUNTRY] = { "country", N_("Country"), "country|land|countrycode|countryregion|staat|defaultaddresscountrycode|mailingcountry|billingcountry" },
  [CLT_FIELD_COMPANY] = { "company", N_("Company"), "company|firma|unternehmen|organisation|organization|companyname|associatedcompany|defaultaddresscompany" },
  [CLT_FIELD_BIRTHDAY] = { "birthday", N_("Birthday"), "birthday|birthdate|dateofbirth|geburtstag|geburtsdatum|dob" },
  [CLT_FIELD_CARD_NUMBER] = { "card_number", N_("Card number"), "cardnumber|kartennummer|kartennr|karte|kundenkarte|card|loyaltycard|karten" },
  [CLT_FIELD_CREATED_AT] = { "created_at", N_("Customer since"), "createdate|createdat|created|createddate|angelegtam|erstelltam|kundeseit|mitgliedseit|eintrittsdatum|firstvisit|createdutc" },
  [CLT_FIELD_TAGS] = { "tags", N_("Tags"), "tags|tag|schlagworte|labels" },
  [CLT_FIELD_ORDER_ID] = { "order_id", N_("Order or receipt number"), "orderid|ordernumber|bestellnummer|bestellnr|belegnummer|belegnr|bonnummer|bonnr|receiptnumber|receiptid|receipt|beleg|bon|transaktion|transactionid" },
  [CLT_FIELD_ORDER_DATE] = { "order_date", N_("Purchase date"), "date|datum|orderdate|bestelldatum|kaufdatum|belegdatum|purchasedate|zeitpunkt|paidat" },
  [CLT_FIELD_AMOUNT] = { "amount", N_("Amount"), "amount|betrag|umsatz|total|summe|gesamt|gesamtbetrag|bruttobetrag|brutto|preis|price|totalspent|umsatzbrutto" },
  [CLT_FIELD_CURRENCY] = { "currency", N_("Currency"), "currency|wahrung|waehrung" },
  [CLT_FIELD_ITEM] = { "item", N_("Product"), "item|artikel|produkt|product|artikelname|produktname|lineitemname|bezeichnung|ware" },
  [CLT_FIELD_QUANTITY] = { "quantity", N_("Quantity"), "quantity|qty|menge|anzahl|stuck|stueck|lineitemquantity" },
  [CLT_FIELD_ITEM_PRICE] = { "item_price", N_("Product price"), "itemprice|einzelpreis|stuckpreis|lineitemprice|unitprice" },
  [CLT_FIELD_STORE] = { "store", N_("Store"), "store|filiale|laden|geschaft|geschaeft|location|standort|shop" },
  [CLT_FIELD_EMAIL_CONSENT] = { "email_consent", N_("Accepts e-mail marketing"), "acceptsemailmarketing|acceptsmarketing|newsletter|emailmarketing|newsletterabo|werbeeinwilligung|emailsubscriptionstatus" },
  [CLT_FIELD_EMAIL_OPT_OUT] = { "email_opt_out", N_("Opted out of e-mail"), "hasoptedoutofemail|emailoptout|optout|unsubscribedfromemails|werbewiderspruch" },
  [CLT_FIELD_SMS_CONSENT] = { "sms_consent", N_("Accepts SMS marketing"), "acceptssmsmarketing|smsmarketing" },
  [CLT_FIELD_OPTIN_TIME] = { "optin_time", N_("Opt-in time"), "optintime|anmeldezeit|angemeldetam" },
  [CLT_FIELD_OPTIN_IP] = { "optin_ip", N_("Opt-in IP address"), "optinip" },
  [CLT_FIELD_CONFIRM_TIME] = { "confirm_time", N_("Confirmation time"), "confirmtime|bestaetigtam|bestatigtam|doidatum" },
  [CLT_FIELD_CONFIRM_IP] = { "confirm_ip", N_("Confirmation IP address"), "confirmip" },
  [CLT_FIELD_UNSUB_TIME] = { "unsub_time", N_("Unsubscribe time"), "unsubtime|abgemeldetam|abmeldedatum" },
  [CLT_FIELD_UNSUB_REASON] = { "unsub_reason", N_("Unsubscribe reason"), "unsubreason|abmeldegrund" },
  [CLT_FIELD_CLEAN_TIME] = { "clean_time", N_("Bounce time"), "cleantime" },
  [CLT_FIELD_CAMPAIGN] = { "campaign", N_("Campaign"), "unsubcampaigntitle|cleancampaigntitle|campaign|kampagne|utmcampaign" },
  [CLT_FIELD_NEWSLETTER_STATUS] = { "newsletter_status", N_("Newsletter status"), "newsletterstatus|subscriptionstatus|abostatus" },
  [CLT_FIELD_STATUS_TIME] = { "status_time", N_("Status changed"), "statuschanged|statusgeandert|statusgeaendert" },
};

const char *
clt_field_get_id (CltField field)
{
  g_return_val_if_fail (field < CLT_N_FIELDS, NULL);

  return fields[field].id;
}

const char *
clt_field_get_label (CltField field)
{
  g_return_val_if_fail (field < CLT_N_FIELDS, NULL);

  return _(fields[field].label);
}

CltField
clt_field_from_id (const char *id)
{
  for (guint i = 0; i < CLT_N_FIELDS; i++)
    {
      if (g_strcmp0 (fields[i].id, id) == 0)
        return i;
    }

  return CLT_FIELD_NONE;
}

/* Lower case ASCII letters and digits only; umlauts as ae, oe, ue. */
static char *
fold_column (const char *column)
{
  g_autofree char *lower = g_utf8_strdown (column, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case 0xe4: g_string_append (out, "a"); break;
        case 0xf6: g_string_append (out, "o"); break;
        case 0xfc: g_string_append (out, "u"); break;
        case 0xdf: g_string_append (out, "ss"); break;
        default:
          if (c < 0x80 && g_ascii_isalnum (c))
            g_string_append_c (out, (char) c);
        }
    }

  return g_string_free (out, FALSE);
}

/**
 * clt_field_guess:
 * @column: a column name, English or German, in any spelling: "E-Mail", "Email Address", "PLZ"
 *
 * Returns: the field the column name means, or %CLT_FIELD_NONE
 */
CltField
clt_field_guess (const char *column)
{
  g_autofree char *folded = fold_column (column);

  if (folded[0] == '\0')
    return CLT_FIELD_NONE;

  for (guint i = 1; i < CLT_N_FIELDS; i++)
    {
      const char *p = fields[i].synonyms;
      gsize len = strlen (folded);

      while (p && *p)
        {
          const char *bar = strchr (p, '|');
          gsize n = bar ? (gsize) (bar - p) : strlen (p);

          if (n == len && g_ascii_strncasecmp (p, folded, n) == 0)
            return i;
          p = bar ? bar + 1 : NULL;
        }
    }

  return CLT_FIELD_NONE;
}

/**
 * clt_field_is_identifier:
 *
 * Returns: whether a value of @field can identify a person on its own
 */
gboolean
clt_field_is_identifier (CltField field)
{
  return field == CLT_FIELD_EMAIL || field == CLT_FIELD_PHONE || field == CLT_FIELD_MOBILE ||
         field == CLT_FIELD_EXTERNAL_ID || field == CLT_FIELD_CARD_NUMBER;
}

/**
 * clt_field_is_repeatable:
 *
 * Returns: whether several columns may map to @field (other e-mails, other phones)
 */
gboolean
clt_field_is_repeatable (CltField field)
{
  return field == CLT_FIELD_EMAIL || field == CLT_FIELD_PHONE || field == CLT_FIELD_MOBILE ||
         field == CLT_FIELD_TAGS;
}
