// The Prisma driver adapters of SQLite and PostgreSQL; db-dialect.ts picks one for DATABASE_URL, for the
// runtime client (db.server.ts) and the Prisma CLI (prisma.config.ts) alike.
import crypto from "node:crypto";
import pg from "pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

// pg_catalog types the schema engine reads while migrating that adapter-pg cannot describe
// (prisma/orm#27403): "char", name, int2vector, regproc, oidvector, pg_node_tree → text; name[] → text[].
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
const CATALOG_TEXT_OIDS = new Set([18, 19, 22, 24, 30, 194]);
const CATALOG_TEXT_ARRAY_OIDS = new Set([1003]);

type QueryResultFields = { fields?: { dataTypeID: number }[] } | undefined;

function describeCatalogTypesAsText(result: QueryResultFields): QueryResultFields {
  for (const field of result?.fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    else if (CATALOG_TEXT_ARRAY_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY_OID;
  }
  return result;
}

/** A pg client whose results describe those catalog types as text (promise and callback forms). */
class CatalogTypesAsTextClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last];
      args[last] = (error: Error | null, result: QueryResultFields) => callback(error, describeCatalogTypesAsText(result));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const pending = (super.query as (...a: unknown[]) => unknown)(...args) as Promise<QueryResultFields> | undefined;
    return pending && typeof pending.then === "function" ? pending.then(describeCatalogTypesAsText) : pending;
  }
}

function postgresPool(config: pg.PoolConfig): pg.Pool {
  // `Client` and `allowExitOnIdle` are pg options its bundled type definitions predate.
  return new pg.Pool({ ...config, Client: CatalogTypesAsTextClient } as pg.PoolConfig);
}

/** A config object, not a connection string: a connection string would override `database` (the shadow DB). */
function postgresConfig(url: string, maxConnections: number): pg.PoolConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
    max: maxConnections,
    idleTimeoutMillis: 5_000,
    allowExitOnIdle: true,
  } as pg.PoolConfig;
}

export function postgresAdapterFactory(url: string, maxConnections: number): SqlMigrationAwareDriverAdapterFactory {
  const config = postgresConfig(url, maxConnections);
  const factory = new PrismaPg(postgresPool(config), { disposeExternalPool: true });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    // Migrations replay into a throw-away database that is dropped after its connections close.
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      const database = `prisma_shadow_${crypto.randomUUID().replace(/-/g, "")}`;
      const admin = new pg.Client({ ...config, database: "postgres" });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${database}"`);
      await admin.end();
      const shadow = await new PrismaPg(postgresPool({ ...config, database }), { disposeExternalPool: true }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        const dropper = new pg.Client({ ...config, database: "postgres" });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await dropper.end();
      };
      return shadow;
    },
  };
}

export interface AdapterOptions {
  sqliteBusyTimeoutMs?: number;
  sqliteWriteAheadLog?: boolean;
  maxConnections?: number;
}

/**
 * Serving SQLite (`sqliteWriteAheadLog`): WAL and synchronous=NORMAL. better-sqlite3 runs on the event
 * loop, and the default rollback journal fsyncs several times per commit (~5 ms a webhook INSERT here);
 * in WAL a commit is an append (~0.05 ms), survives a killed process, and readers no longer wait for
 * the writer. The CLI (migrations) keeps the default journal: template databases are copied as one file.
 */
export function sqliteAdapterFactory(file: string, options: AdapterOptions = {}): SqlMigrationAwareDriverAdapterFactory {
  const busyTimeout = options.sqliteBusyTimeoutMs === undefined ? {} : { timeout: options.sqliteBusyTimeoutMs };
  const factory = new PrismaBetterSQLite3({ url: file, ...busyTimeout });
  if (!options.sqliteWriteAheadLog) return factory;
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      await adapter.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
      return adapter;
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}
