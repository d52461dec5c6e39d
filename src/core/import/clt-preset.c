/* clt-preset.c: the presets, and recognising them from a header row
 *
 * The column names are those of the real exports (see the project's reference of export
 * formats). Columns a preset does not name are mapped by their name's meaning.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-preset"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clt-preset.h"

#define MAILCHIMP_COLUMNS \
  "Email Address=email|First Name=first_name|Last Name=last_name|Phone Number=phone|" \
  "Birthday=birthday|Address=street|OPTIN_TIME=optin_time|OPTIN_IP=optin_ip|" \
  "CONFIRM_TIME=confirm_time|CONFIRM_IP=confirm_ip|CC=country|LEID=external_id|TAGS=tags|" \
  "MEMBER_RATING=none|LATITUDE=none|LONGITUDE=none|GMTOFF=none|DSTOFF=none|TIMEZONE=none|" \
  "REGION=none|LAST_CHANGED=none|EUID=none|NOTES=none|UNSUB_TIME=unsub_time|" \
  "UNSUB_REASON=unsub_reason|UNSUB_CAMPAIGN_TITLE=campaign|UNSUB_CAMPAIGN_ID=none|" \
  "UNSUB_REASON_OTHER=none|CLEAN_TIME=clean_time|CLEAN_CAMPAIGN_TITLE=campaign|CLEAN_CAMPAIGN_ID=none"

static const CltPreset presets[] = {
  { "mailchimp-subscribed", N_("Mailchimp · subscribed members"), "mailchimp", N_("Mailchimp"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_MDY, CLT_NUMBER_STYLE_DECIMAL_POINT, CLT_CONSENT_SUBSCRIBED, FALSE,
    "Email Address|MEMBER_RATING|OPTIN_TIME|LEID|!UNSUB_TIME|!CLEAN_TIME", MAILCHIMP_COLUMNS },
  { "mailchimp-unsubscribed", N_("Mailchimp · unsubscribed members"), "mailchimp", N_("Mailchimp"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_MDY, CLT_NUMBER_STYLE_DECIMAL_POINT, CLT_CONSENT_UNSUBSCRIBED, FALSE,
    "Email Address|MEMBER_RATING|UNSUB_TIME|LEID", MAILCHIMP_COLUMNS },
  { "mailchimp-cleaned", N_("Mailchimp · cleaned members"), "mailchimp", N_("Mailchimp"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_MDY, CLT_NUMBER_STYLE_DECIMAL_POINT, CLT_CONSENT_CLEANED, FALSE,
    "Email Address|MEMBER_RATING|CLEAN_TIME|LEID", MAILCHIMP_COLUMNS },
  { "brevo", N_("Brevo contacts"), "brevo", N_("Brevo"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_DMY, CLT_NUMBER_STYLE_AUTO, CLT_CONSENT_FROM_COLUMNS, TRUE,
    "EMAIL|FIRSTNAME|LASTNAME",
    "CONTACT_ID=external_id|CONTACT ID=external_id|EXT_ID=external_id|EMAIL=email|FIRSTNAME=first_name|"
    "LASTNAME=last_name|SMS=mobile|LANDLINE_NUMBER=phone|WHATSAPP=none|ADDED_TIME=created_at|"
    "MODIFIED_TIME=none|EMAIL_BLACKLISTED=email_opt_out|BLACKLISTED=email_opt_out" },
  { "cleverreach", N_("CleverReach recipients"), "cleverreach", N_("CleverReach"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_DMY, CLT_NUMBER_STYLE_AUTO, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "email|activated|registered",
    "id=external_id|email=email|activated=confirm_time|registered=optin_time|deactivated=unsub_time|"
    "bounced=clean_time|source=none|imported=none|points=none|stars=none|last_ip=none|last_location=none|"
    "last_client=none|firstname=first_name|lastname=last_name|vorname=first_name|nachname=last_name" },
  { "hubspot", N_("HubSpot contacts"), "hubspot", N_("HubSpot"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_DMY, CLT_NUMBER_STYLE_AUTO, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "Record ID|First Name|Last Name|Email",
    "Record ID=external_id|Email=email|Phone Number=phone|Mobile Phone Number=mobile|Create Date=created_at|"
    "Associated Company=company|Company Name=company|Country/Region=country|Lead Status=none|"
    "Contact owner=none|Last Activity Date=none|Unsubscribed from all email=email_opt_out|"
    "Marketing contact status=none" },
  { "salesforce-contacts", N_("Salesforce contacts"), "salesforce", N_("Salesforce"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_MDY, CLT_NUMBER_STYLE_DECIMAL_POINT, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "Id|FirstName|LastName|Email|MailingStreet",
    "Id=external_id|FirstName=first_name|LastName=last_name|Email=email|Phone=phone|MobilePhone=mobile|"
    "HomePhone=phone|OtherPhone=none|Fax=none|AssistantPhone=none|MailingStreet=street|MailingCity=city|"
    "MailingPostalCode=postcode|MailingCountry=country|MailingState=region|OtherStreet=none|OtherCity=none|"
    "OtherState=none|OtherPostalCode=none|OtherCountry=none|Birthdate=birthday|HasOptedOutOfEmail=email_opt_out|"
    "CreatedDate=created_at|AccountId=none|OwnerId=none|CreatedById=none|MasterRecordId=none|RecordTypeId=none|"
    "Description=none|Title=none|Department=none|AssistantName=none|LeadSource=none|ReportsToId=none|"
    "IsDeleted=none|DoNotCall=none|HasOptedOutOfFax=none" },
  { "salesforce-leads", N_("Salesforce leads"), "salesforce", N_("Salesforce"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_MDY, CLT_NUMBER_STYLE_DECIMAL_POINT, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "Id|FirstName|LastName|Email|Company|Status|!MailingStreet",
    "Id=external_id|FirstName=first_name|LastName=last_name|Email=email|Phone=phone|MobilePhone=mobile|"
    "Street=street|City=city|PostalCode=postcode|Country=country|State=region|Company=company|"
    "HasOptedOutOfEmail=email_opt_out|CreatedDate=created_at|Status=none|LeadSource=none|OwnerId=none|"
    "IsConverted=none|ConvertedContactId=none|Title=none|Description=none" },
  { "pipedrive", N_("Pipedrive persons"), "pipedrive", N_("Pipedrive"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_DMY, CLT_NUMBER_STYLE_AUTO, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "Person - ID|Person - Name",
    "Person - ID=external_id|Person - Name=full_name|Person - First name=first_name|"
    "Person - Last name=last_name|Person - Organization=company|Person - Email - Work=email|"
    "Person - Email - Home=email|Person - Email - Other=email|Person - Phone - Work=phone|"
    "Person - Phone - Home=phone|Person - Phone - Mobile=mobile|Person - Phone - Other=phone|"
    "Person - City=city|Person - Marketing status=email_consent|Person - Title=none|Person - Label=none|"
    "Person - State=region|Person - Website=none|Person - LinkedIn Page=none|Person - Double opt-in=none|"
    "Person - Owner=none|Person - Person created=created_at" },
  { "stripe", N_("Stripe customers"), "stripe", N_("Stripe"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_MDY, CLT_NUMBER_STYLE_DECIMAL_POINT, CLT_CONSENT_FROM_COLUMNS, TRUE,
    "id|Email|Created (UTC)",
    "id=external_id|Email=email|Name=full_name|Created (UTC)=created_at|Description=none|Delinquent=none|"
    "Plan=none|Status=none|Total Spend=none|Payment Count=none|Refunded Volume=none|Dispute Losses=none|"
    "Phone=phone" },
  { "square", N_("Square customers"), "square", N_("Square"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_MDY, CLT_NUMBER_STYLE_DECIMAL_POINT, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "Square Customer ID|Email Address",
    "Square Customer ID=external_id|Reference ID=none|Email Address=email|Phone Number=phone|"
    "Nickname=none|Company Name=company|Street Address 1=street|Street Address 2=street2|State=region|"
    "Postal Code=postcode|Birthday=birthday|Memo=none|Creation Source=none|First Visit=created_at|"
    "Last Visit=none|Transaction Count=none|Lifetime Spend=none|Email Subscription Status=email_consent|"
    "Instant Profile=none|Blocked from online booking=none" },
  { "shopify-customers", N_("Shopify customers"), "shopify", N_("Shopify"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_MDY, CLT_NUMBER_STYLE_DECIMAL_POINT, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "First Name|Last Name|Email|Total Spent|Total Orders",
    "Customer ID=external_id|Email=email|Accepts Email Marketing=email_consent|Accepts Marketing=email_consent|"
    "Default Address Company=company|Company=company|Default Address Address1=street|Address1=street|"
    "Default Address Address2=street2|Address2=street2|Default Address City=city|City=city|"
    "Default Address Province Code=region|Province Code=region|Province=none|"
    "Default Address Country Code=country|Country Code=country|Country=none|Default Address Zip=postcode|"
    "Zip=postcode|Default Address Phone=phone|Phone=phone|Accepts SMS Marketing=sms_consent|"
    "Total Spent=none|Total Orders=none|Note=none|Tax Exempt=none|Tags=tags" },
  { "shopify-orders", N_("Shopify orders"), "shopify", N_("Shopify"),
    CLT_RECORD_ORDER_LINE, CLT_DATE_ORDER_MDY, CLT_NUMBER_STYLE_DECIMAL_POINT, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "Name|Email|Financial Status|Lineitem name|Lineitem quantity",
    "Name=order_id|Email=email|Created at=order_date|Currency=currency|Total=amount|Lineitem name=item|"
    "Lineitem quantity=quantity|Lineitem price=item_price|Billing Name=full_name|Billing Street=street|"
    "Billing Address1=none|Billing Address2=street2|Billing City=city|Billing Zip=postcode|"
    "Billing Country=country|Billing Phone=phone|Accepts Marketing=email_consent|Location=store|"
    "Financial Status=none|Paid at=none|Fulfillment Status=none|Fulfilled at=none|Subtotal=none|"
    "Shipping=none|Taxes=none|Discount Code=none|Discount Amount=none|Shipping Method=none|"
    "Lineitem compare at price=none|Lineitem sku=none|Lineitem requires shipping=none|Lineitem taxable=none|"
    "Lineitem fulfillment status=none|Billing Company=none|Billing Province=none|Shipping Name=none|"
    "Shipping Street=none|Shipping Address1=none|Shipping Address2=none|Shipping Company=none|"
    "Shipping City=none|Shipping Zip=none|Shipping Province=none|Shipping Country=none|Shipping Phone=none|"
    "Notes=none|Note Attributes=none|Cancelled at=none|Payment Method=none|Payment Reference=none|"
    "Refunded Amount=none|Vendor=none|Outstanding Balance=none|Employee=none|Device ID=none|Id=none|"
    "Tags=none|Risk Level=none|Source=none|Lineitem discount=none|Phone=phone|Receipt Number=none|"
    "Duties=none|Billing Province Name=none|Shipping Province Name=none|Payment ID=none|"
    "Payment Terms Name=none|Next Payment Due At=none|Payment References=none" },
  { "mailchimp-api", N_("Mailchimp · members (API)"), "mailchimp", N_("Mailchimp"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_MDY, CLT_NUMBER_STYLE_DECIMAL_POINT, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "email_address|status|unique_email_id",
    "id=external_id|email_address=email|merge_fields.FNAME=first_name|merge_fields.LNAME=last_name|"
    "merge_fields.BIRTHDAY=birthday|merge_fields.PHONE=phone|merge_fields.ADDRESS=street|status=newsletter_status|"
    "timestamp_signup=optin_time|ip_signup=optin_ip|timestamp_opt=confirm_time|ip_opt=confirm_ip|"
    "last_changed=status_time|location.country_code=country|tags=tags|unique_email_id=none|web_id=none|"
    "contact_id=none|full_name=none|email_type=none|unsubscribe_reason=unsub_reason|consents_to_one_to_one_messaging=none|"
    "language=none|vip=none|member_rating=none|email_client=none|location.latitude=none|location.longitude=none|"
    "location.gmtoff=none|location.dstoff=none|location.timezone=none|location.region=none|source=none|"
    "tags_count=none|list_id=none|stats.avg_open_rate=none|stats.avg_click_rate=none" },
  { "hubspot-api", N_("HubSpot contacts (API)"), "hubspot", N_("HubSpot"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_DMY, CLT_NUMBER_STYLE_AUTO, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "id|properties.email",
    "id=external_id|properties.email=email|properties.firstname=first_name|properties.lastname=last_name|"
    "properties.phone=phone|properties.mobilephone=mobile|properties.address=street|properties.zip=postcode|"
    "properties.city=city|properties.country=country|properties.company=company|properties.createdate=created_at|"
    "properties.hs_email_optout=email_opt_out|properties.hs_object_id=none|properties.lastmodifieddate=none|"
    "createdAt=none|updatedAt=none|archived=none" },
  { "shopify-api-customers", N_("Shopify customers (API)"), "shopify", N_("Shopify"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_MDY, CLT_NUMBER_STYLE_DECIMAL_POINT, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "id|email|first_name|last_name|orders_count",
    "id=external_id|email=email|first_name=first_name|last_name=last_name|phone=phone|created_at=created_at|"
    "tags=tags|email_marketing_consent.state=email_consent|accepts_marketing=email_consent|"
    "sms_marketing_consent.state=sms_consent|default_address.address1=street|default_address.address2=street2|"
    "default_address.city=city|default_address.zip=postcode|default_address.country_code=country|"
    "default_address.province_code=region|default_address.company=company|default_address.phone=none|"
    "default_address.country=none|default_address.province=none|default_address.first_name=none|"
    "default_address.last_name=none|default_address.name=none|default_address.id=none|"
    "default_address.customer_id=none|default_address.country_name=none|default_address.default=none|"
    "total_spent=none|orders_count=none|state=none|currency=none|verified_email=none|updated_at=none|note=none|"
    "tax_exempt=none|last_order_id=none|last_order_name=none|multipass_identifier=none|admin_graphql_api_id=none|"
    "email_marketing_consent.opt_in_level=none|email_marketing_consent.consent_updated_at=none" },
  { "loyalty-receipts", N_("Loyalty card receipts"), "loyalty", N_("Loyalty card"),
    CLT_RECORD_RECEIPT, CLT_DATE_ORDER_DMY, CLT_NUMBER_STYLE_AUTO, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "@card_number|@order_date|@amount", "" },
  { "loyalty-members", N_("Loyalty card members"), "loyalty", N_("Loyalty card"),
    CLT_RECORD_CONTACT, CLT_DATE_ORDER_DMY, CLT_NUMBER_STYLE_AUTO, CLT_CONSENT_FROM_COLUMNS, FALSE,
    "@card_number|@last_name|!@amount", "" },
};

static const CltPreset generic = {
  "generic", N_("Customer list"), "csv", N_("Customer list"),
  CLT_RECORD_CONTACT, CLT_DATE_ORDER_DMY, CLT_NUMBER_STYLE_AUTO, CLT_CONSENT_FROM_COLUMNS, FALSE,
  "", "",
};

static gboolean
in_list (const char *list,
         const char *name,
         gsize       name_len,
         const char **value)
{
  const char *p = list;

  while (p && *p)
    {
      const char *bar = strchr (p, '|');
      const char *eq = strchr (p, '=');
      gsize n;

      if (eq != NULL && (bar == NULL || eq < bar))
        n = eq - p;
      else
        n = bar ? (gsize) (bar - p) : strlen (p);

      if (n == name_len && strncmp (p, name, n) == 0)
        {
          if (value != NULL)
            *value = (eq != NULL && (bar == NULL || eq < bar)) ? eq + 1 : NULL;
          return TRUE;
        }

      p = bar ? bar + 1 : NULL;
    }

  return FALSE;
}

/**
 * clt_preset_map_column:
 *
 * Returns: the field @preset maps @column to: the preset's own choice, else the
 *   field the column's name means
 */
CltField
clt_preset_map_column (const CltPreset *preset,
                       const char      *column)
{
  const char *value = NULL;

  if (in_list (preset->columns, column, strlen (column), &value) && value != NULL)
    {
      const char *bar = strchr (value, '|');
      g_autofree char *id = bar ? g_strndup (value, bar - value) : g_strdup (value);

      return clt_field_from_id (id);
    }

  return clt_field_guess (column);
}

static gboolean
header_maps_to (const CltPreset     *preset,
                const char * const  *header,
                CltField             field)
{
  for (guint i = 0; header[i]; i++)
    {
      if (clt_preset_map_column (preset, header[i]) == field)
        return TRUE;
    }

  return FALSE;
}

static gboolean
matches (const CltPreset    *preset,
         const char * const *header,
         guint              *score)
{
  g_auto(GStrv) terms = g_strsplit (preset->requires, "|", -1);

  *score = 0;
  for (guint i = 0; terms[i]; i++)
    {
      const char *term = terms[i];
      gboolean negated = term[0] == '!';
      gboolean present;

      if (negated)
        term++;

      if (term[0] == '@')
        present = header_maps_to (&generic, header, clt_field_from_id (term + 1));
      else
        present = g_strv_contains (header, term);

      if (present == negated)
        return FALSE;
      (*score)++;
    }

  return *score > 0;
}

/**
 * clt_preset_recognise:
 * @header: the column names of a file
 *
 * Returns: (nullable): the preset whose columns the header has, the one that asks most
 *   when several do; %NULL when none does
 */
const CltPreset *
clt_preset_recognise (const char * const *header)
{
  const CltPreset *best = NULL;
  guint best_score = 0;

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      guint score;

      if (matches (&presets[i], header, &score) && score > best_score)
        {
          best = &presets[i];
          best_score = score;
        }
    }

  return best;
}

/**
 * clt_preset_find:
 * @id: a preset id such as "hubspot", or "generic"
 *
 * Returns: (nullable): the preset
 */
const CltPreset *
clt_preset_find (const char *id)
{
  if (g_strcmp0 (id, generic.id) == 0)
    return &generic;

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      if (g_strcmp0 (presets[i].id, id) == 0)
        return &presets[i];
    }

  return NULL;
}

const CltPreset *
clt_preset_get_all (guint *n_presets)
{
  *n_presets = G_N_ELEMENTS (presets);

  return presets;
}

/**
 * clt_preset_get_generic:
 *
 * Returns: the preset for files of no known system: every column mapped by its name's meaning
 */
const CltPreset *
clt_preset_get_generic (void)
{
  return &generic;
}

const char *
clt_preset_get_name (const CltPreset *preset)
{
  return _(preset->name);
}

/**
 * clt_preset_get_default_priority:
 *
 * Returns: the survivorship priority of a new source of this preset's system, lower leading:
 *   the CRM, then the shop, the loyalty card, the newsletter tool and anything else
 */
int
clt_preset_get_default_priority (const CltPreset *preset)
{
  static const struct { const char *kinds; int priority; } priorities[] = {
    { "hubspot salesforce pipedrive", 10 },
    { "shopify stripe square", 20 },
    { "loyalty", 30 },
    { "mailchimp brevo cleverreach", 40 },
  };

  g_return_val_if_fail (preset != NULL, 50);

  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    {
      g_auto(GStrv) kinds = g_strsplit (priorities[i].kinds, " ", -1);

      if (preset->source_kind && g_strv_contains ((const char * const *) kinds, preset->source_kind))
        return priorities[i].priority;
    }

  return 50;
}
