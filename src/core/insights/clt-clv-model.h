/* clt-clv-model.h: BG/NBD and Gamma-Gamma, the lifetime-value models (pure maths)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Fewer repeat customers than this and the models are not fitted: the data is too thin. */
#define CLT_CLV_MIN_REPEAT_CUSTOMERS 50

/* One customer's purchase history up to the calibration end, counted in days that had a
 * purchase (several purchases on one day are one transaction), times in weeks. */
typedef struct
{
  gint64 first_day;   /* Julian day of the first transaction */
  gint64 last_day;    /* Julian day of the latest transaction */
  double x;           /* repeat transactions: transactions after the first */
  double t_x;         /* weeks from the first to the latest transaction */
  double T;           /* weeks from the first transaction to the calibration end */
  double spend_x;     /* repeat transactions with an amount */
  double spend_sum;   /* their total value, in the currency's main unit */
  double zbar;        /* their mean value (0 without any) */
} CltClvCustomer;

typedef struct
{
  double r;
  double alpha;
  double a;
  double b;
  double log_likelihood;
} CltBgNbdParams;

typedef struct
{
  double p;
  double q;
  double gamma;
  double log_likelihood;
} CltGammaGammaParams;

typedef enum
{
  CLT_CLV_CONFIDENCE_LOW,
  CLT_CLV_CONFIDENCE_MEDIUM,
  CLT_CLV_CONFIDENCE_HIGH,
} CltClvConfidence;

void        _clt_clv_customer_start          (CltClvCustomer            *customer,
                                              gint64                     day);
void        _clt_clv_customer_add            (CltClvCustomer            *customer,
                                              gint64                     day,
                                              gboolean                   has_amount,
                                              double                     amount);
void        _clt_clv_customer_finish         (CltClvCustomer            *customer,
                                              gint64                     end_day);

double      _clt_bgnbd_log_likelihood        (const CltBgNbdParams      *params,
                                              const CltClvCustomer      *customers,
                                              gsize                      n_customers);
gboolean    _clt_bgnbd_fit                   (const CltClvCustomer      *customers,
                                              gsize                      n_customers,
                                              GCancellable              *cancellable,
                                              CltBgNbdParams            *params,
                                              GError                   **error);
double      _clt_bgnbd_p_alive               (const CltBgNbdParams      *params,
                                              const CltClvCustomer      *customer);
double      _clt_bgnbd_expected              (const CltBgNbdParams      *params,
                                              const CltClvCustomer      *customer,
                                              double                     weeks);

gboolean    _clt_gamma_gamma_usable          (const CltClvCustomer      *customer);
double      _clt_gamma_gamma_log_likelihood  (const CltGammaGammaParams *params,
                                              const CltClvCustomer      *customers,
                                              gsize                      n_customers);
gboolean    _clt_gamma_gamma_fit             (const CltClvCustomer      *customers,
                                              gsize                      n_customers,
                                              GCancellable              *cancellable,
                                              CltGammaGammaParams       *params,
                                              GError                   **error);
double      _clt_gamma_gamma_expected_spend  (const CltGammaGammaParams *params,
                                              const CltClvCustomer      *customer);

CltClvConfidence _clt_clv_confidence         (const CltClvCustomer      *customer);
const char      *_clt_clv_confidence_to_string (CltClvConfidence         confidence);

G_END_DECLS
