/* The schema, as numbered migrations. A migration is never edited once released: a
 * change is a new migration. Each runs in one transaction with its user_version bump. */
#include <stddef.h>

#include "ledger/schema.h"

static const char migration_1[] =
        "CREATE TABLE store ("
        "  id INTEGER PRIMARY KEY CHECK (id = 1),"
        "  name TEXT NOT NULL,"
        "  currency TEXT NOT NULL CHECK (length(currency) = 3),"
        "  minor_unit INTEGER NOT NULL CHECK (minor_unit BETWEEN 0 AND 4),"
        "  prices_include_tax INTEGER NOT NULL CHECK (prices_include_tax IN (0, 1)),"
        "  created_at INTEGER NOT NULL);"

        "CREATE TABLE locations ("
        "  id INTEGER PRIMARY KEY,"
        "  code TEXT NOT NULL UNIQUE,"
        "  name TEXT NOT NULL,"
        "  kind TEXT NOT NULL CHECK (kind IN ('shop', 'backroom', 'warehouse')),"
        "  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)));"
        "CREATE UNIQUE INDEX locations_one_default ON locations(is_default) WHERE is_default = 1;"

        "CREATE TABLE tax_rates ("
        "  id INTEGER PRIMARY KEY,"
        "  name TEXT NOT NULL,"
        "  rate_bp INTEGER NOT NULL UNIQUE CHECK (rate_bp BETWEEN 0 AND 10000));"

        "CREATE TABLE units ("
        "  code TEXT PRIMARY KEY,"
        "  name TEXT NOT NULL,"
        "  measured INTEGER NOT NULL CHECK (measured IN (0, 1))) WITHOUT ROWID;"

        "CREATE TABLE measure_rules ("
        "  prefix TEXT PRIMARY KEY CHECK (length(prefix) = 2),"
        "  kind TEXT NOT NULL CHECK (kind IN ('weight', 'price')),"
        "  item_digits INTEGER NOT NULL,"
        "  value_digits INTEGER NOT NULL,"
        "  value_scale INTEGER NOT NULL) WITHOUT ROWID;"

        "CREATE TABLE categories ("
        "  id INTEGER PRIMARY KEY,"
        "  name TEXT NOT NULL UNIQUE);"

        "CREATE TABLE products ("
        "  id INTEGER PRIMARY KEY,"
        "  sku TEXT NOT NULL UNIQUE,"
        "  name TEXT NOT NULL,"
        "  spec TEXT NOT NULL DEFAULT '',"
        "  unit TEXT NOT NULL REFERENCES units(code),"
        "  category_id INTEGER REFERENCES categories(id),"
        "  price INTEGER NOT NULL CHECK (price >= 0),"
        "  cost INTEGER NOT NULL CHECK (cost >= 0),"
        "  avg_cost INTEGER NOT NULL DEFAULT 0 CHECK (avg_cost >= 0),"
        "  tax_rate_id INTEGER NOT NULL REFERENCES tax_rates(id),"
        "  reorder_point INTEGER NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),"
        "  max_level INTEGER NOT NULL DEFAULT 0 CHECK (max_level >= 0),"
        "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
        "  created_at INTEGER NOT NULL,"
        "  updated_at INTEGER NOT NULL);"
        "CREATE INDEX products_category ON products(category_id);"

        "CREATE TABLE barcodes ("
        "  code TEXT PRIMARY KEY,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  seq INTEGER NOT NULL) WITHOUT ROWID;"
        "CREATE INDEX barcodes_product ON barcodes(product_id, seq);"

        /* Stock: the movement ledger is the truth and the database refuses to rewrite it;
         * stock_on_hand is a cache kept in the same transaction and proven by verify. */
        "CREATE TABLE stock_movements ("
        "  id INTEGER PRIMARY KEY,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  qty INTEGER NOT NULL CHECK (qty <> 0),"
        "  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),"
        "  doc_type TEXT NOT NULL,"
        "  doc_id INTEGER NOT NULL,"
        "  at INTEGER NOT NULL);"
        "CREATE INDEX stock_movements_product ON stock_movements(product_id, location_id);"
        "CREATE INDEX stock_movements_doc ON stock_movements(doc_type, doc_id);"
        "CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements"
        "  BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;"
        "CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements"
        "  BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;"

        "CREATE TABLE stock_on_hand ("
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  qty INTEGER NOT NULL,"
        "  PRIMARY KEY (product_id, location_id)) WITHOUT ROWID;"

        "CREATE TABLE doc_sequences ("
        "  doc_type TEXT PRIMARY KEY,"
        "  last INTEGER NOT NULL) WITHOUT ROWID;"

        "CREATE TABLE sales ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  lane TEXT,"
        "  user TEXT,"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  total INTEGER NOT NULL,"
        "  tax INTEGER NOT NULL,"
        "  cost INTEGER NOT NULL,"
        "  paid INTEGER NOT NULL,"
        "  change INTEGER NOT NULL CHECK (change >= 0));"
        "CREATE INDEX sales_at ON sales(at);"
        "CREATE TABLE sale_lines ("
        "  sale_id INTEGER NOT NULL REFERENCES sales(id),"
        "  line INTEGER NOT NULL,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  qty INTEGER NOT NULL CHECK (qty > 0),"
        "  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),"
        "  discount INTEGER NOT NULL CHECK (discount >= 0),"
        "  amount INTEGER NOT NULL CHECK (amount >= 0),"
        "  tax_rate_bp INTEGER NOT NULL,"
        "  tax INTEGER NOT NULL,"
        "  unit_cost INTEGER NOT NULL,"
        "  cost INTEGER NOT NULL,"
        "  PRIMARY KEY (sale_id, line)) WITHOUT ROWID;"
        "CREATE TABLE sale_payments ("
        "  sale_id INTEGER NOT NULL REFERENCES sales(id),"
        "  seq INTEGER NOT NULL,"
        "  method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'other')),"
        "  amount INTEGER NOT NULL CHECK (amount > 0),"
        "  PRIMARY KEY (sale_id, seq)) WITHOUT ROWID;"

        "CREATE TABLE returns ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  sale_id INTEGER REFERENCES sales(id),"
        "  lane TEXT,"
        "  user TEXT,"
        "  approved_by TEXT,"
        "  reason TEXT NOT NULL DEFAULT '',"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  total INTEGER NOT NULL,"
        "  tax INTEGER NOT NULL,"
        "  cost INTEGER NOT NULL,"
        "  refunded INTEGER NOT NULL);"
        "CREATE INDEX returns_sale ON returns(sale_id);"
        "CREATE INDEX returns_at ON returns(at);"
        "CREATE TABLE return_lines ("
        "  return_id INTEGER NOT NULL REFERENCES returns(id),"
        "  line INTEGER NOT NULL,"
        "  sale_line INTEGER,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  qty INTEGER NOT NULL CHECK (qty > 0),"
        "  amount INTEGER NOT NULL CHECK (amount >= 0),"
        "  tax INTEGER NOT NULL,"
        "  unit_cost INTEGER NOT NULL,"
        "  cost INTEGER NOT NULL,"
        "  PRIMARY KEY (return_id, line)) WITHOUT ROWID;"
        "CREATE TABLE return_refunds ("
        "  return_id INTEGER NOT NULL REFERENCES returns(id),"
        "  seq INTEGER NOT NULL,"
        "  method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'other')),"
        "  amount INTEGER NOT NULL CHECK (amount > 0),"
        "  PRIMARY KEY (return_id, seq)) WITHOUT ROWID;"

        "CREATE TABLE goods_receipts ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  supplier TEXT NOT NULL DEFAULT '',"
        "  reference TEXT NOT NULL DEFAULT '',"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  total_cost INTEGER NOT NULL);"
        "CREATE TABLE goods_receipt_lines ("
        "  receipt_id INTEGER NOT NULL REFERENCES goods_receipts(id),"
        "  line INTEGER NOT NULL,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  qty INTEGER NOT NULL CHECK (qty > 0),"
        "  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),"
        "  amount INTEGER NOT NULL,"
        "  PRIMARY KEY (receipt_id, line)) WITHOUT ROWID;"

        /* Adjustments: hand corrections and the opening stock of an import. */
        "CREATE TABLE adjustments ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  reason TEXT NOT NULL,"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  value INTEGER NOT NULL);"

        "CREATE TABLE idempotency ("
        "  key TEXT PRIMARY KEY,"
        "  doc_type TEXT NOT NULL,"
        "  doc_id INTEGER NOT NULL,"
        "  request_hash BLOB NOT NULL,"
        "  at INTEGER NOT NULL) WITHOUT ROWID;"

        "CREATE TABLE journal ("
        "  id INTEGER PRIMARY KEY,"
        "  at INTEGER NOT NULL,"
        "  doc_type TEXT NOT NULL,"
        "  doc_id INTEGER NOT NULL,"
        "  number TEXT NOT NULL,"
        "  digest TEXT NOT NULL,"
        "  prev_hash TEXT NOT NULL,"
        "  hash TEXT NOT NULL,"
        "  UNIQUE (doc_type, doc_id));"

        "CREATE TABLE users ("
        "  id INTEGER PRIMARY KEY,"
        "  name TEXT NOT NULL UNIQUE,"
        "  role TEXT NOT NULL CHECK (role IN ('cashier', 'manager', 'admin')),"
        "  pin_hash TEXT NOT NULL,"
        "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
        "  failures INTEGER NOT NULL DEFAULT 0,"
        "  locked_until INTEGER NOT NULL DEFAULT 0,"
        "  created_at INTEGER NOT NULL);";


/* Checkout: shifts and cash, tickets that survive a restart, sessions, the audit log. */
static const char migration_2[] =
        "CREATE TABLE shifts ("
        "  id INTEGER PRIMARY KEY,"
        "  lane TEXT NOT NULL,"
        "  opened_by TEXT NOT NULL,"
        "  opened_at INTEGER NOT NULL,"
        "  opening_float INTEGER NOT NULL CHECK (opening_float >= 0),"
        "  closed_by TEXT,"
        "  closed_at INTEGER,"
        "  counted_cash INTEGER,"
        "  expected_cash INTEGER);"
        "CREATE UNIQUE INDEX shifts_one_open ON shifts(lane) WHERE closed_at IS NULL;"

        "ALTER TABLE sales ADD COLUMN shift_id INTEGER REFERENCES shifts(id);"
        "ALTER TABLE sales ADD COLUMN rounding INTEGER NOT NULL DEFAULT 0;"
        "CREATE INDEX sales_shift ON sales(shift_id);"
        "ALTER TABLE returns ADD COLUMN shift_id INTEGER REFERENCES shifts(id);"
        "CREATE INDEX returns_shift ON returns(shift_id);"

        "CREATE TABLE cash_movements ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  shift_id INTEGER NOT NULL REFERENCES shifts(id),"
        "  kind TEXT NOT NULL CHECK (kind IN ('pay_in', 'pay_out')),"
        "  amount INTEGER NOT NULL CHECK (amount > 0),"
        "  reason TEXT NOT NULL,"
        "  user TEXT);"
        "CREATE INDEX cash_movements_shift ON cash_movements(shift_id);"

        "CREATE TABLE tickets ("
        "  id TEXT PRIMARY KEY,"
        "  lane TEXT NOT NULL,"
        "  user TEXT,"
        "  state TEXT NOT NULL CHECK (state IN ('open', 'suspended', 'completed', 'voided')),"
        "  discount_kind TEXT NOT NULL DEFAULT 'none' CHECK (discount_kind IN ('none', 'percent', 'amount')),"
        "  discount_value INTEGER NOT NULL DEFAULT 0,"
        "  discount_approved_by TEXT,"
        "  next_line INTEGER NOT NULL DEFAULT 1,"
        "  version INTEGER NOT NULL DEFAULT 0,"
        "  sale_id INTEGER REFERENCES sales(id),"
        "  created_at INTEGER NOT NULL,"
        "  updated_at INTEGER NOT NULL) WITHOUT ROWID;"
        "CREATE UNIQUE INDEX tickets_one_open ON tickets(lane) WHERE state = 'open';"
        "CREATE INDEX tickets_state ON tickets(lane, state);"
        "CREATE TABLE ticket_lines ("
        "  ticket_id TEXT NOT NULL REFERENCES tickets(id),"
        "  line INTEGER NOT NULL,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  qty INTEGER NOT NULL CHECK (qty > 0),"
        "  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),"
        "  price_overridden_by TEXT,"
        "  discount_kind TEXT NOT NULL DEFAULT 'none' CHECK (discount_kind IN ('none', 'percent', 'amount')),"
        "  discount_value INTEGER NOT NULL DEFAULT 0,"
        "  discount_approved_by TEXT,"
        "  voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),"
        "  PRIMARY KEY (ticket_id, line)) WITHOUT ROWID;"
        "CREATE TABLE ticket_payments ("
        "  ticket_id TEXT NOT NULL REFERENCES tickets(id),"
        "  seq INTEGER NOT NULL,"
        "  method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'other')),"
        "  amount INTEGER NOT NULL CHECK (amount > 0),"
        "  PRIMARY KEY (ticket_id, seq)) WITHOUT ROWID;"

        "ALTER TABLE users ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;"

        "CREATE TABLE auth_sessions ("
        "  token_hash TEXT PRIMARY KEY,"
        "  user_id INTEGER NOT NULL REFERENCES users(id),"
        "  lane TEXT NOT NULL,"
        "  created_at INTEGER NOT NULL,"
        "  expires_at INTEGER NOT NULL) WITHOUT ROWID;"

        /* the answer first given to a request with an idempotency key */
        "CREATE TABLE replies ("
        "  key TEXT PRIMARY KEY,"
        "  request_hash BLOB NOT NULL,"
        "  status INTEGER NOT NULL,"
        "  body TEXT NOT NULL,"
        "  at INTEGER NOT NULL) WITHOUT ROWID;"
        "CREATE INDEX replies_at ON replies(at);"

        "CREATE TABLE audit_log ("
        "  id INTEGER PRIMARY KEY,"
        "  at INTEGER NOT NULL,"
        "  lane TEXT,"
        "  user TEXT NOT NULL,"
        "  approved_by TEXT,"
        "  action TEXT NOT NULL,"
        "  detail TEXT NOT NULL);"
        "CREATE INDEX audit_log_at ON audit_log(at);";

/* The print queue: a receipt's job is written in its sale's own transaction and is done
 * only once its bytes reached the printer. */
static const char migration_3[] =
        "CREATE TABLE print_jobs ("
        "  id INTEGER PRIMARY KEY,"
        "  printer TEXT NOT NULL,"
        "  doc_type TEXT NOT NULL CHECK (doc_type IN ('sale', 'return', 'drawer')),"
        "  number TEXT NOT NULL,"
        "  reprint INTEGER NOT NULL DEFAULT 0 CHECK (reprint IN (0, 1)),"
        "  kick INTEGER NOT NULL DEFAULT 0 CHECK (kick IN (0, 1)),"
        "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),"
        "  attempts INTEGER NOT NULL DEFAULT 0,"
        "  next_at INTEGER NOT NULL DEFAULT 0,"
        "  last_error TEXT NOT NULL DEFAULT '',"
        "  created_at INTEGER NOT NULL,"
        "  done_at INTEGER);"
        "CREATE INDEX print_jobs_pending ON print_jobs(printer, next_at) WHERE state = 'pending';"
        "CREATE INDEX print_jobs_number ON print_jobs(number);";

/* The product list and search at a million products. The list is read in the order of
 * products_by_name. A fragment of a name or a SKU is found through a trigram index of
 * each, product_names and product_skus, apart so that a search learns cheaply how many
 * SKUs hold a text that many names hold. Each indexed text ends in two unit separators
 * (char(31), which no name, SKU or searched text holds), so that every fragment of one or
 * two characters begins a trigram, which the *_terms tables (the indexes' vocabularies)
 * find by a range of terms. The indexes keep no copy of the text (content=''): a 'delete'
 * names the text that was indexed.
 *
 * A new or changed product waits in product_search_queue, and the queue goes into the
 * indexes 1024 at a time: FTS5 writes out what it holds at every savepoint, and an import
 * takes one per product, so product by product the indexes would cost an import some
 * three times its time. A search tests the products still queued itself. Case-sensitive,
 * as instr() is. */
#define SEARCH_FTS(table, column)                                                               \
        "CREATE VIRTUAL TABLE " table " USING fts5(" column ", content='',"                     \
        "  tokenize='trigram case_sensitive 1', columnsize=0);"                                 \
        "CREATE VIRTUAL TABLE " table "_terms USING fts5vocab(" table ", 'instance');"
#define SEARCH_NAME(row) row ".id, " row ".name || char(31, 31)"
#define SEARCH_SKU(row) row ".id, " row ".sku || char(31, 31)"
#define SEARCH_UNINDEX(row)                                                                     \
        "  INSERT INTO product_names(product_names, rowid, name) SELECT 'delete', " SEARCH_NAME(row) \
        "    WHERE NOT EXISTS (SELECT 1 FROM product_search_queue WHERE id = " row ".id);"      \
        "  INSERT INTO product_skus(product_skus, rowid, sku) SELECT 'delete', " SEARCH_SKU(row) \
        "    WHERE NOT EXISTS (SELECT 1 FROM product_search_queue WHERE id = " row ".id);"      \
        "  DELETE FROM product_search_queue WHERE id = " row ".id;"

static const char migration_4[] =
        "CREATE INDEX products_by_name ON products(active DESC, name, sku);"
        SEARCH_FTS("product_names", "name")
        SEARCH_FTS("product_skus", "sku")
        "CREATE TABLE product_search_queue ("
        "  seq INTEGER PRIMARY KEY,"
        "  id INTEGER NOT NULL);"
        "CREATE TRIGGER product_search_queue_full AFTER INSERT ON product_search_queue WHEN new.seq >= 1024 BEGIN"
        "  INSERT INTO product_names(rowid, name)"
        "    SELECT " SEARCH_NAME("p") " FROM product_search_queue q JOIN products p ON p.id = q.id;"
        "  INSERT INTO product_skus(rowid, sku)"
        "    SELECT " SEARCH_SKU("p") " FROM product_search_queue q JOIN products p ON p.id = q.id;"
        "  DELETE FROM product_search_queue;"
        "END;"
        "CREATE TRIGGER products_search_add AFTER INSERT ON products BEGIN"
        "  INSERT INTO product_search_queue(id) VALUES (new.id);"
        "END;"
        "CREATE TRIGGER products_search_change AFTER UPDATE OF id, name, sku ON products"
        "  WHEN old.id IS NOT new.id OR old.name IS NOT new.name OR old.sku IS NOT new.sku BEGIN"
        SEARCH_UNINDEX("old")
        "  INSERT INTO product_search_queue(id) VALUES (new.id);"
        "END;"
        "CREATE TRIGGER products_search_remove AFTER DELETE ON products BEGIN"
        SEARCH_UNINDEX("old")
        "END;"
        "INSERT INTO product_names(rowid, name) SELECT " SEARCH_NAME("products") " FROM products;"
        "INSERT INTO product_skus(rowid, sku) SELECT " SEARCH_SKU("products") " FROM products;";

/* Customers a sale is made out to, and print jobs for shift reports and test pages:
 * print_jobs is made again, as SQLite changes no CHECK in place. */
static const char migration_5[] =
        "CREATE TABLE customers ("
        "  id INTEGER PRIMARY KEY,"
        "  name TEXT NOT NULL,"
        "  phone TEXT NOT NULL DEFAULT '',"
        "  created_at INTEGER NOT NULL);"
        "CREATE UNIQUE INDEX customers_phone_once ON customers(phone) WHERE phone != '';"
        "CREATE INDEX customers_phone ON customers(phone);"
        "ALTER TABLE tickets ADD COLUMN customer_id INTEGER REFERENCES customers(id);"
        "ALTER TABLE sales ADD COLUMN customer_id INTEGER REFERENCES customers(id);"
        "CREATE TABLE print_jobs_5 ("
        "  id INTEGER PRIMARY KEY,"
        "  printer TEXT NOT NULL,"
        "  doc_type TEXT NOT NULL CHECK (doc_type IN ('sale', 'return', 'drawer', 'shift', 'test')),"
        "  number TEXT NOT NULL,"
        "  reprint INTEGER NOT NULL DEFAULT 0 CHECK (reprint IN (0, 1)),"
        "  kick INTEGER NOT NULL DEFAULT 0 CHECK (kick IN (0, 1)),"
        "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),"
        "  attempts INTEGER NOT NULL DEFAULT 0,"
        "  next_at INTEGER NOT NULL DEFAULT 0,"
        "  last_error TEXT NOT NULL DEFAULT '',"
        "  created_at INTEGER NOT NULL,"
        "  done_at INTEGER);"
        "INSERT INTO print_jobs_5 SELECT id, printer, doc_type, number, reprint, kick, state, attempts, next_at,"
        "  last_error, created_at, done_at FROM print_jobs;"
        "DROP TABLE print_jobs;"
        "ALTER TABLE print_jobs_5 RENAME TO print_jobs;"
        "CREATE INDEX print_jobs_pending ON print_jobs(printer, next_at) WHERE state = 'pending';"
        "CREATE INDEX print_jobs_number ON print_jobs(number);";

/* Suppliers and purchase orders; goods received against an order name it. Quantities in
 * milli-units, costs in minor units, as everywhere. */
static const char migration_6[] =
        "CREATE TABLE suppliers ("
        "  id INTEGER PRIMARY KEY,"
        "  code TEXT NOT NULL UNIQUE,"
        "  name TEXT NOT NULL,"
        "  contact TEXT NOT NULL DEFAULT '',"
        "  phone TEXT NOT NULL DEFAULT '',"
        "  terms_days INTEGER NOT NULL DEFAULT 0 CHECK (terms_days >= 0),"
        "  lead_days INTEGER NOT NULL DEFAULT 0 CHECK (lead_days >= 0),"
        "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
        "  created_at INTEGER NOT NULL);"
        "CREATE TABLE purchase_orders ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  supplier_id INTEGER NOT NULL REFERENCES suppliers(id),"
        "  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'approved', 'sent', 'partly_received',"
        "    'received', 'closed', 'cancelled')),"
        "  expected_at INTEGER,"
        "  note TEXT NOT NULL DEFAULT '',"
        "  created_by TEXT,"
        "  approved_by TEXT,"
        "  created_at INTEGER NOT NULL,"
        "  updated_at INTEGER NOT NULL);"
        "CREATE INDEX purchase_orders_supplier ON purchase_orders(supplier_id);"
        "CREATE INDEX purchase_orders_state ON purchase_orders(state);"
        "CREATE TABLE purchase_order_lines ("
        "  po_id INTEGER NOT NULL REFERENCES purchase_orders(id),"
        "  line INTEGER NOT NULL,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  qty INTEGER NOT NULL CHECK (qty > 0),"
        "  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),"
        "  received INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0),"
        "  PRIMARY KEY (po_id, line)) WITHOUT ROWID;"
        "ALTER TABLE goods_receipts ADD COLUMN po_id INTEGER REFERENCES purchase_orders(id);";

/* Goods refused on arrival: counted on the order line, not in stock, still owed. */
static const char migration_7[] =
        "ALTER TABLE purchase_order_lines ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected >= 0);";

/* Stocktakes and transfers. A stocktake freezes what the books say at its start (and the
 * last movement then), so sales may go on while it is counted: a line's expected quantity
 * is the frozen one plus what moved between the start and its count. Its variance is
 * posted as an adjustment. A transfer is two journalled documents, each with its own
 * movements: out of one location at dispatch, into the other at receipt, where what
 * arrived is recorded against what was sent. */
static const char migration_8[] =
        "CREATE TABLE stocktakes ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  category_id INTEGER REFERENCES categories(id),"
        "  state TEXT NOT NULL DEFAULT 'counting' CHECK (state IN ('counting', 'posted', 'cancelled')),"
        "  note TEXT NOT NULL DEFAULT '',"
        "  last_movement INTEGER NOT NULL,"
        "  started_at INTEGER NOT NULL,"
        "  started_by TEXT,"
        "  closed_at INTEGER,"
        "  closed_by TEXT,"
        "  adjustment_id INTEGER REFERENCES adjustments(id));"
        "CREATE UNIQUE INDEX stocktakes_one_open ON stocktakes(location_id) WHERE state = 'counting';"
        "CREATE TABLE stocktake_lines ("
        "  stocktake_id INTEGER NOT NULL REFERENCES stocktakes(id),"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  frozen INTEGER NOT NULL,"
        "  counted INTEGER CHECK (counted >= 0),"
        "  moved INTEGER NOT NULL DEFAULT 0,"
        "  counted_at INTEGER,"
        "  counted_by TEXT,"
        "  unit_cost INTEGER,"  /* the average cost when posted */
        "  PRIMARY KEY (stocktake_id, product_id)) WITHOUT ROWID;"

        "CREATE TABLE transfers ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  to_location_id INTEGER NOT NULL REFERENCES locations(id) CHECK (to_location_id <> location_id),"
        "  note TEXT NOT NULL DEFAULT '',"
        "  value INTEGER NOT NULL);"
        "CREATE TABLE transfer_lines ("
        "  transfer_id INTEGER NOT NULL REFERENCES transfers(id),"
        "  line INTEGER NOT NULL,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  qty INTEGER NOT NULL CHECK (qty > 0),"
        "  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),"
        "  PRIMARY KEY (transfer_id, line)) WITHOUT ROWID;"
        "CREATE TABLE transfer_receipts ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  transfer_id INTEGER NOT NULL UNIQUE REFERENCES transfers(id),"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  note TEXT NOT NULL DEFAULT '',"
        "  value INTEGER NOT NULL,"
        "  short_value INTEGER NOT NULL);"
        "CREATE TABLE transfer_receipt_lines ("
        "  receipt_id INTEGER NOT NULL REFERENCES transfer_receipts(id),"
        "  line INTEGER NOT NULL,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  sent INTEGER NOT NULL CHECK (sent > 0),"
        "  received INTEGER NOT NULL CHECK (received >= 0 AND received <= sent),"
        "  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),"
        "  PRIMARY KEY (receipt_id, line)) WITHOUT ROWID;";

/* Money owed: supplier invoices and payments (payables), sales orders shipped and invoiced
 * on account and the customers' payments (receivables). Each posted step is a journalled
 * document; balances and ageing are derived from them. */
static const char migration_9[] =
        "ALTER TABLE customers ADD COLUMN credit_limit INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0);"
        "ALTER TABLE customers ADD COLUMN terms_days INTEGER NOT NULL DEFAULT 30 CHECK (terms_days >= 0);"
        "ALTER TABLE customers ADD COLUMN contact TEXT NOT NULL DEFAULT '';"

        "CREATE TABLE supplier_invoices ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  supplier_id INTEGER NOT NULL REFERENCES suppliers(id),"
        "  reference TEXT NOT NULL,"
        "  po_id INTEGER REFERENCES purchase_orders(id),"
        "  due_at INTEGER NOT NULL,"
        "  amount INTEGER NOT NULL CHECK (amount > 0),"
        "  note TEXT NOT NULL DEFAULT '');"
        "CREATE UNIQUE INDEX supplier_invoices_once ON supplier_invoices(supplier_id, reference);"
        "CREATE TABLE supplier_payments ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  supplier_id INTEGER NOT NULL REFERENCES suppliers(id),"
        "  method TEXT NOT NULL CHECK (method IN ('bank', 'cash', 'card', 'other')),"
        "  amount INTEGER NOT NULL CHECK (amount > 0),"
        "  reference TEXT NOT NULL DEFAULT '');"
        "CREATE INDEX supplier_payments_supplier ON supplier_payments(supplier_id);"

        "CREATE TABLE sales_orders ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  customer_id INTEGER NOT NULL REFERENCES customers(id),"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  state TEXT NOT NULL DEFAULT 'ordered' CHECK (state IN ('ordered', 'picked', 'shipped', 'invoiced',"
        "    'cancelled')),"
        "  note TEXT NOT NULL DEFAULT '',"
        "  total INTEGER NOT NULL,"
        "  tax INTEGER NOT NULL,"
        "  created_by TEXT,"
        "  approved_by TEXT,"
        "  created_at INTEGER NOT NULL,"
        "  updated_at INTEGER NOT NULL);"
        "CREATE INDEX sales_orders_customer ON sales_orders(customer_id);"
        "CREATE TABLE sales_order_lines ("
        "  so_id INTEGER NOT NULL REFERENCES sales_orders(id),"
        "  line INTEGER NOT NULL,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  qty INTEGER NOT NULL CHECK (qty > 0),"
        "  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),"
        "  amount INTEGER NOT NULL CHECK (amount >= 0),"
        "  tax_rate_bp INTEGER NOT NULL,"
        "  tax INTEGER NOT NULL,"
        "  returned INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= qty),"
        "  PRIMARY KEY (so_id, line)) WITHOUT ROWID;"
        /* stock leaves at shipment */
        "CREATE TABLE shipments ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  so_id INTEGER NOT NULL UNIQUE REFERENCES sales_orders(id),"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  cost INTEGER NOT NULL);"
        "CREATE TABLE shipment_lines ("
        "  shipment_id INTEGER NOT NULL REFERENCES shipments(id),"
        "  line INTEGER NOT NULL,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  qty INTEGER NOT NULL CHECK (qty > 0),"
        "  unit_cost INTEGER NOT NULL,"
        "  cost INTEGER NOT NULL,"
        "  PRIMARY KEY (shipment_id, line)) WITHOUT ROWID;"
        /* the receivable: an invoice for what was shipped, due after the customer's terms */
        "CREATE TABLE customer_invoices ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  customer_id INTEGER NOT NULL REFERENCES customers(id),"
        "  so_id INTEGER NOT NULL UNIQUE REFERENCES sales_orders(id),"
        "  due_at INTEGER NOT NULL,"
        "  total INTEGER NOT NULL CHECK (total >= 0),"
        "  tax INTEGER NOT NULL);"
        "CREATE INDEX customer_invoices_customer ON customer_invoices(customer_id);"
        /* goods back against an order: stock in again, the receivable reduced */
        "CREATE TABLE credit_notes ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  customer_id INTEGER NOT NULL REFERENCES customers(id),"
        "  so_id INTEGER NOT NULL REFERENCES sales_orders(id),"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  reason TEXT NOT NULL,"
        "  total INTEGER NOT NULL,"
        "  tax INTEGER NOT NULL,"
        "  cost INTEGER NOT NULL);"
        "CREATE TABLE credit_note_lines ("
        "  credit_id INTEGER NOT NULL REFERENCES credit_notes(id),"
        "  line INTEGER NOT NULL,"
        "  so_line INTEGER NOT NULL,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  qty INTEGER NOT NULL CHECK (qty > 0),"
        "  amount INTEGER NOT NULL,"
        "  tax INTEGER NOT NULL,"
        "  unit_cost INTEGER NOT NULL,"
        "  cost INTEGER NOT NULL,"
        "  PRIMARY KEY (credit_id, line)) WITHOUT ROWID;"
        "CREATE TABLE customer_payments ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  customer_id INTEGER NOT NULL REFERENCES customers(id),"
        "  method TEXT NOT NULL CHECK (method IN ('bank', 'cash', 'card', 'other')),"
        "  amount INTEGER NOT NULL CHECK (amount > 0),"
        "  reference TEXT NOT NULL DEFAULT '');"
        "CREATE INDEX customer_payments_customer ON customer_payments(customer_id);";

/* Batches: a lot of a product with its expiry. Which batches a movement took or put is
 * recorded beside it (append-only, like the movements); batch_stock is its cache, kept in
 * the same transaction and proven by verify. Stock out takes the earliest expiry first. */
static const char migration_10[] =
        "CREATE TABLE batches ("
        "  id INTEGER PRIMARY KEY,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  lot TEXT NOT NULL,"
        "  expires_at INTEGER,"
        "  created_at INTEGER NOT NULL,"
        "  UNIQUE (product_id, lot));"
        "CREATE INDEX batches_expiry ON batches(expires_at);"
        "CREATE TABLE movement_batches ("
        "  movement_id INTEGER NOT NULL REFERENCES stock_movements(id),"
        "  batch_id INTEGER NOT NULL REFERENCES batches(id),"
        "  qty INTEGER NOT NULL CHECK (qty <> 0),"
        /* stock put back where a document took it from names that document */
        "  src_type TEXT,"
        "  src_id INTEGER,"
        "  PRIMARY KEY (movement_id, batch_id)) WITHOUT ROWID;"
        "CREATE INDEX movement_batches_batch ON movement_batches(batch_id);"
        "CREATE INDEX movement_batches_src ON movement_batches(src_type, src_id) WHERE src_type IS NOT NULL;"
        "CREATE TRIGGER movement_batches_no_update BEFORE UPDATE ON movement_batches"
        "  BEGIN SELECT RAISE(ABORT, 'batch movements are append-only'); END;"
        "CREATE TRIGGER movement_batches_no_delete BEFORE DELETE ON movement_batches"
        "  BEGIN SELECT RAISE(ABORT, 'batch movements are append-only'); END;"
        "CREATE TABLE batch_stock ("
        "  batch_id INTEGER NOT NULL REFERENCES batches(id),"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  qty INTEGER NOT NULL,"
        "  PRIMARY KEY (batch_id, location_id)) WITHOUT ROWID;";

/* Goods sent back to a supplier from stock: out at the cost given, and what the supplier
 * is owed less by as much. */
static const char migration_11[] =
        "CREATE TABLE supplier_returns ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  supplier_id INTEGER NOT NULL REFERENCES suppliers(id),"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  reason TEXT NOT NULL,"
        "  value INTEGER NOT NULL);"
        "CREATE INDEX supplier_returns_supplier ON supplier_returns(supplier_id);"
        "CREATE TABLE supplier_return_lines ("
        "  return_id INTEGER NOT NULL REFERENCES supplier_returns(id),"
        "  line INTEGER NOT NULL,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  qty INTEGER NOT NULL CHECK (qty > 0),"
        "  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),"
        "  amount INTEGER NOT NULL,"
        "  PRIMARY KEY (return_id, line)) WITHOUT ROWID;"
        "ALTER TABLE goods_receipts ADD COLUMN approved_by TEXT;"
        /* a customer's purchase history */
        "CREATE INDEX sales_customer ON sales(customer_id) WHERE customer_id IS NOT NULL;";

/* An approval is the amount off a manager saw: a line's (price override and discount
 * against the price it was rung up at) and the ticket discount's. */
static const char migration_12[] =
        "ALTER TABLE ticket_lines ADD COLUMN list_price INTEGER CHECK (list_price >= 0);"
        "ALTER TABLE ticket_lines ADD COLUMN approved_off INTEGER;"
        "ALTER TABLE tickets ADD COLUMN approved_off INTEGER;"
        "UPDATE ticket_lines SET list_price = CASE WHEN price_overridden_by IS NULL THEN unit_price"
        " ELSE (SELECT price FROM products p WHERE p.id = product_id) END;"
        /* who approved a payment on account, or a transfer received short */
        "ALTER TABLE customer_payments ADD COLUMN approved_by TEXT;"
        "ALTER TABLE supplier_payments ADD COLUMN approved_by TEXT;"
        "ALTER TABLE transfer_receipts ADD COLUMN approved_by TEXT;";

/* The product search by words (see catalog/search.c). product_words indexes each
 * product's name and spec as search_words() reads them, under its search_key: keys run in
 * the list's order (active first, then name, then SKU), so that the index hands out the
 * matches of a query in that order and a first page reads no further. Active products
 * have keys below 2^62, inactive ones above; what is there now is numbered 2^32 apart
 * from the middle of each (SEARCH_BAND and SEARCH_STEP). The index keeps no copy of the
 * text (content=''): a 'delete' names the text that was indexed, so search_words() must
 * not change without the index being made again. A product an import added has no key
 * until the end of its batch, and is not in products_by_name (which finds a new
 * product's neighbours) until then. A SKU is found by its start, through
 * products_sku_nocase. */
static const char migration_13[] =
        "DROP TRIGGER products_search_add;"
        "DROP TRIGGER products_search_change;"
        "DROP TRIGGER products_search_remove;"
        "DROP TABLE product_search_queue;"
        "DROP TABLE product_names_terms;"
        "DROP TABLE product_names;"
        "DROP TABLE product_skus_terms;"
        "DROP TABLE product_skus;"
        "ALTER TABLE products ADD COLUMN search_key INTEGER;"
        "CREATE UNIQUE INDEX products_search_key ON products(search_key);"
        "DROP INDEX products_by_name;"
        "CREATE INDEX products_by_name ON products(active DESC, name, sku) WHERE search_key IS NOT NULL;"
        "CREATE INDEX products_sku_nocase ON products(sku COLLATE NOCASE);"
        "CREATE VIRTUAL TABLE product_words USING fts5(words, content='', columnsize=0,"
        "  tokenize='unicode61 remove_diacritics 2');"
        "CREATE TRIGGER products_words_add AFTER INSERT ON products WHEN new.search_key IS NOT NULL BEGIN"
        "  INSERT INTO product_words(rowid, words) VALUES (new.search_key, search_words(new.name || ' ' || new.spec));"
        "END;"
        "CREATE TRIGGER products_words_change AFTER UPDATE OF name, spec, search_key ON products"
        "  WHEN old.name IS NOT new.name OR old.spec IS NOT new.spec OR old.search_key IS NOT new.search_key BEGIN"
        "  INSERT INTO product_words(product_words, rowid, words)"
        "    SELECT 'delete', old.search_key, search_words(old.name || ' ' || old.spec) WHERE old.search_key IS NOT NULL;"
        "  INSERT INTO product_words(rowid, words)"
        "    SELECT new.search_key, search_words(new.name || ' ' || new.spec) WHERE new.search_key IS NOT NULL;"
        "END;"
        "CREATE TRIGGER products_words_remove AFTER DELETE ON products WHEN old.search_key IS NOT NULL BEGIN"
        "  INSERT INTO product_words(product_words, rowid, words)"
        "    VALUES ('delete', old.search_key, search_words(old.name || ' ' || old.spec));"
        "END;"
        "UPDATE products SET search_key = k.key FROM ("
        "  SELECT id, CASE active WHEN 1 THEN 1 ELSE 3 END * (1 << 61)"
        "    + (row_number() OVER (PARTITION BY active ORDER BY name, sku)) * (1 << 32) AS key FROM products) k"
        "  WHERE k.id = products.id;";

/* A GTIN in a longer form than its own is filed in its own (barcode_normalize): a GTIN-14
 * with indicator 0 as its 13 digits, an EAN-8 padded to 13 as its 8. A long form whose
 * own form is filed already, for the same product or another (the item had two owners,
 * and a scan found the one with the short form), goes: a scan of it finds the short
 * form's product, as it did. */
static const char migration_14[] =
        "UPDATE OR IGNORE barcodes SET code = substr(code, 2)"
        "  WHERE length(code) = 14 AND code GLOB '0*' AND code NOT GLOB '*[^0-9]*';"
        "UPDATE OR IGNORE barcodes SET code = substr(code, 6)"
        "  WHERE length(code) = 13 AND code GLOB '00000*' AND code NOT GLOB '*[^0-9]*';"
        "DELETE FROM barcodes WHERE code NOT GLOB '*[^0-9]*' AND"
        "  ((length(code) = 14 AND code GLOB '0*') OR (length(code) = 13 AND code GLOB '00000*'));";

/* Stock carries its value, so that the inventory account and the stock's value are one
 * figure: each movement records the value it moved (what its document booked), each
 * location's stock on hand the sum of its movements' values. A movement from before has
 * no value of its own: its documents booked its quantity at its unit cost, rounded. A
 * transfer's line keeps the value it left with, for the receipt to bring the same back. */
static const char migration_15[] =
        "ALTER TABLE stock_movements ADD COLUMN value INTEGER;"
        "ALTER TABLE stock_on_hand ADD COLUMN value INTEGER NOT NULL DEFAULT 0;"
        "ALTER TABLE transfer_lines ADD COLUMN value INTEGER;"
        "UPDATE stock_on_hand SET value = (SELECT coalesce(sum(CASE WHEN m.qty < 0"
        "  THEN -((-m.qty * m.unit_cost + 500) / 1000) ELSE (m.qty * m.unit_cost + 500) / 1000 END), 0)"
        "  FROM stock_movements m WHERE m.product_id = stock_on_hand.product_id"
        "  AND m.location_id = stock_on_hand.location_id);";

/* A case's code (a GTIN-14 of indicator 1 to 8, or any code a shop files so) stands for
 * a pack of the product: how much of it, in milli-units; NULL: a single item. */
static const char migration_16[] =
        "ALTER TABLE barcodes ADD COLUMN pack INTEGER CHECK (pack IS NULL OR pack > 0);";

/* Every movement valued, so that every document's movements add up to what it booked,
 * product by product where its lines say so: one from before schema 15 at its quantity
 * at its unit cost, and the last of its document's for a product takes what the document
 * booked for that product beyond that (a return's share of its sale's cost); for a kind
 * without lines, the document's last. A return to a supplier keeps the stock's value it
 * took (cost) beside the supplier's credit (value): the same until now. */
static const char migration_17[] =
        "ALTER TABLE supplier_returns ADD COLUMN cost INTEGER NOT NULL DEFAULT 0;"
        "UPDATE supplier_returns SET cost = value;"
        "DROP TRIGGER stock_movements_no_update;"
        "UPDATE stock_movements SET value = CASE WHEN qty < 0 THEN -((-qty * unit_cost + 500) / 1000)"
        "  ELSE (qty * unit_cost + 500) / 1000 END WHERE value IS NULL;"
        "CREATE TEMP TABLE booked AS"
        "  SELECT 'sale' AS type, sale_id AS doc, product_id AS product, -sum(cost) AS value FROM sale_lines GROUP BY 2, 3"
        "  UNION ALL SELECT 'return', return_id, product_id, sum(cost) FROM return_lines GROUP BY 2, 3"
        "  UNION ALL SELECT 'receipt', receipt_id, product_id, sum(amount) FROM goods_receipt_lines GROUP BY 2, 3"
        "  UNION ALL SELECT 'shipment', shipment_id, product_id, -sum(cost) FROM shipment_lines GROUP BY 2, 3"
        "  UNION ALL SELECT 'credit_note', credit_id, product_id, sum(cost) FROM credit_note_lines GROUP BY 2, 3"
        "  UNION ALL SELECT 'adjustment', id, NULL, value FROM adjustments"
        "  UNION ALL SELECT 'transfer', id, NULL, -value FROM transfers"
        "  UNION ALL SELECT 'transfer_in', id, NULL, value FROM transfer_receipts"
        "  UNION ALL SELECT 'supplier_return', id, NULL, -cost FROM supplier_returns;"
        "CREATE TEMP TABLE value_fix AS SELECT max(m.id) AS last, b.value - sum(m.value) AS diff"
        "  FROM stock_movements m JOIN booked b ON m.doc_type = b.type AND m.doc_id = b.doc"
        "  AND (b.product IS NULL OR m.product_id = b.product) GROUP BY b.type, b.doc, b.product;"
        "UPDATE stock_movements SET value = value + (SELECT diff FROM value_fix WHERE last = stock_movements.id)"
        "  WHERE id IN (SELECT last FROM value_fix WHERE diff <> 0);"
        "DROP TABLE value_fix;"
        "DROP TABLE booked;"
        "CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements"
        "  BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;"
        "UPDATE stock_on_hand SET value = (SELECT coalesce(sum(m.value), 0) FROM stock_movements m"
        "  WHERE m.product_id = stock_on_hand.product_id AND m.location_id = stock_on_hand.location_id);";

/* The last journal entry HQ is known to hold, kept once HQ committed it. */
static const char migration_18[] =
        "CREATE TABLE hq_sync (id INTEGER PRIMARY KEY CHECK (id = 1), sent INTEGER NOT NULL);";

/* How far HQ has the store's catalogue: products changed up to (updated_at, id), read in
 * that order. */
static const char migration_19[] =
        "ALTER TABLE hq_sync ADD COLUMN catalogue_at INTEGER NOT NULL DEFAULT 0;"
        "ALTER TABLE hq_sync ADD COLUMN catalogue_id INTEGER NOT NULL DEFAULT 0;"
        "CREATE INDEX products_changed ON products(updated_at, id);";

/* Prices set ahead of time (a chain's HQ sets them), set by the store when due; and the
 * last of HQ's changes the store applied. */
static const char migration_20[] =
        "CREATE TABLE price_schedule ("
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  effective_at INTEGER NOT NULL,"
        "  price INTEGER NOT NULL CHECK (price >= 0),"
        "  PRIMARY KEY (product_id, effective_at)) WITHOUT ROWID;"
        "CREATE INDEX price_schedule_due ON price_schedule(effective_at);"
        "ALTER TABLE hq_sync ADD COLUMN applied INTEGER NOT NULL DEFAULT 0;";

/* When each product's price took effect, as planned: one from an earlier time that
 * arrives later is left out. */
static const char migration_21[] =
        "CREATE TABLE price_set ("
        "  product_id INTEGER PRIMARY KEY REFERENCES products(id),"
        "  effective_at INTEGER NOT NULL);";

/* A chain's stores (from HQ; self: this one), and transfers between them: sent here, out
 * of one of this store's locations to another store; expected here, as HQ passed one on
 * from the store that sent it; received here against what was expected; and what arrived
 * of one sent, as HQ passed it back. A line names its product by SKU, the one name two
 * stores share. */
static const char migration_22[] =
        "CREATE TABLE chain_stores ("
        "  code TEXT PRIMARY KEY,"
        "  name TEXT NOT NULL,"
        "  self INTEGER NOT NULL DEFAULT 0);"
        "CREATE TABLE store_transfers ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  to_store TEXT NOT NULL,"
        "  note TEXT NOT NULL DEFAULT '',"
        "  value INTEGER NOT NULL);"
        "CREATE TABLE store_transfer_lines ("
        "  transfer_id INTEGER NOT NULL REFERENCES store_transfers(id),"
        "  line INTEGER NOT NULL,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  sku TEXT NOT NULL,"
        "  qty INTEGER NOT NULL CHECK (qty > 0),"
        "  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),"
        "  value INTEGER NOT NULL,"
        "  PRIMARY KEY (transfer_id, line)) WITHOUT ROWID;"
        "CREATE TABLE transfers_expected ("
        "  id INTEGER PRIMARY KEY,"
        "  from_store TEXT NOT NULL,"
        "  number TEXT NOT NULL,"
        "  at INTEGER NOT NULL,"
        "  user TEXT NOT NULL DEFAULT '',"
        "  note TEXT NOT NULL DEFAULT '',"
        "  value INTEGER NOT NULL,"
        "  UNIQUE (from_store, number));"
        "CREATE TABLE transfers_expected_lines ("
        "  expected_id INTEGER NOT NULL REFERENCES transfers_expected(id),"
        "  line INTEGER NOT NULL,"
        "  sku TEXT NOT NULL,"
        "  qty INTEGER NOT NULL CHECK (qty > 0),"
        "  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),"
        "  value INTEGER NOT NULL,"
        "  PRIMARY KEY (expected_id, line)) WITHOUT ROWID;"
        "CREATE TABLE store_receipts ("
        "  id INTEGER PRIMARY KEY,"
        "  number TEXT NOT NULL UNIQUE,"
        "  at INTEGER NOT NULL,"
        "  user TEXT,"
        "  expected_id INTEGER NOT NULL UNIQUE REFERENCES transfers_expected(id),"
        "  from_store TEXT NOT NULL,"
        "  transfer_number TEXT NOT NULL,"
        "  location_id INTEGER NOT NULL REFERENCES locations(id),"
        "  note TEXT NOT NULL DEFAULT '',"
        "  value INTEGER NOT NULL,"
        "  short_value INTEGER NOT NULL,"
        "  approved_by TEXT);"
        "CREATE TABLE store_receipt_lines ("
        "  receipt_id INTEGER NOT NULL REFERENCES store_receipts(id),"
        "  line INTEGER NOT NULL,"
        "  product_id INTEGER NOT NULL REFERENCES products(id),"
        "  sent INTEGER NOT NULL CHECK (sent > 0),"
        "  received INTEGER NOT NULL CHECK (received >= 0 AND received <= sent),"
        "  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),"
        "  PRIMARY KEY (receipt_id, line)) WITHOUT ROWID;"
        "CREATE TABLE store_transfer_arrivals ("
        "  transfer_id INTEGER PRIMARY KEY REFERENCES store_transfers(id),"
        "  receipt TEXT NOT NULL,"
        "  at INTEGER NOT NULL,"
        "  value INTEGER NOT NULL,"
        "  short_value INTEGER NOT NULL);"
        "CREATE TABLE store_transfer_arrival_lines ("
        "  transfer_id INTEGER NOT NULL REFERENCES store_transfer_arrivals(transfer_id),"
        "  line INTEGER NOT NULL,"
        "  received INTEGER NOT NULL CHECK (received >= 0),"
        "  PRIMARY KEY (transfer_id, line)) WITHOUT ROWID;";

/* search_words() now adds a Chinese name's pinyin (text_pinyin_words()), whose readings
 * come from a table a newer build may change. The index of words is made again, with
 * indexes of the first one to three letters of every word (a search as the first keys are
 * typed reads one list, not every word that starts so), and search_words_made says which
 * reading made it: opening a store made again by another (ledger.c) makes it again, for a
 * 'delete' must name the words that were indexed. */
static const char migration_23[] =
        "DROP TABLE product_words;"
        "CREATE VIRTUAL TABLE product_words USING fts5(words, content='', columnsize=0,"
        "  tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');"
        "CREATE TABLE search_words_made (id INTEGER NOT NULL);";

/* The store's own settings, set in the back office (ledger/settings.c): NULL is
 * posd.conf's; and the tax rate a new product gets (China's standard rate until a
 * manager picks another). */
static const char migration_24[] =
        "ALTER TABLE store ADD COLUMN receipt_header TEXT;"
        "ALTER TABLE store ADD COLUMN receipt_footer TEXT;"
        "ALTER TABLE store ADD COLUMN max_discount_bp INTEGER CHECK (max_discount_bp BETWEEN 0 AND 10000);"
        "ALTER TABLE store ADD COLUMN cash_step INTEGER CHECK (cash_step BETWEEN 1 AND 10000);"
        "ALTER TABLE store ADD COLUMN blind_count INTEGER NOT NULL DEFAULT 0 CHECK (blind_count IN (0, 1));"
        "ALTER TABLE tax_rates ADD COLUMN is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1));"
        "CREATE UNIQUE INDEX tax_rates_one_default ON tax_rates(is_default) WHERE is_default = 1;"
        "UPDATE tax_rates SET is_default = 1 WHERE rate_bp = 1300;";

/* Training (people/users.c, the daemon's training store): a user a manager is training,
 * and the sessions that user opened while in training, which stay so to their end. */
static const char migration_25[] =
        "ALTER TABLE users ADD COLUMN training INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1));"
        "ALTER TABLE auth_sessions ADD COLUMN training INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1));";

static const struct migration migrations[] = {
        { 1, migration_1 },
        { 2, migration_2 },
        { 3, migration_3 },
        { 4, migration_4 },
        { 5, migration_5 },
        { 6, migration_6 },
        { 7, migration_7 },
        { 8, migration_8 },
        { 9, migration_9 },
        { 10, migration_10 },
        { 11, migration_11 },
        { 12, migration_12 },
        { 13, migration_13 },
        { 14, migration_14 },
        { 15, migration_15 },
        { 16, migration_16 },
        { 17, migration_17 },
        { 18, migration_18 },
        { 19, migration_19 },
        { 20, migration_20 },
        { 21, migration_21 },
        { 22, migration_22 },
        { 23, migration_23 },
        { 24, migration_24 },
        { 25, migration_25 },
};

const struct migration *schema_migrations(size_t *ret_n)
{
        *ret_n = sizeof(migrations) / sizeof(migrations[0]);
        return migrations;
}
