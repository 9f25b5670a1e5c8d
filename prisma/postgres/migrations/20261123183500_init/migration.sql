-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "shop" TEXT NOT NULL,
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "ianaTimezone" TEXT NOT NULL DEFAULT 'UTC',
    "tagPrefix" TEXT NOT NULL DEFAULT 'tsunagu:',
    "dormantAfterDays" INTEGER NOT NULL DEFAULT 120,
    "churnedAfterDays" INTEGER NOT NULL DEFAULT 365,
    "vipTopPercent" DOUBLE PRECISION NOT NULL DEFAULT 20,
    "vipMinSpend" DOUBLE PRECISION,
    "atRiskTagEnabled" BOOLEAN NOT NULL DEFAULT false,
    "taggingEnabled" BOOLEAN NOT NULL DEFAULT true,
    "retiredTagPrefixes" TEXT NOT NULL DEFAULT '[]',
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "lastDailyRunAt" TIMESTAMP(3),
    "reconciledThrough" TIMESTAMP(3),
    "vipCut" TEXT,
    "reviewDelayDays" INTEGER NOT NULL DEFAULT 14,
    "reviewAutoPublishMinRating" INTEGER NOT NULL DEFAULT 4,
    "reviewHoldMaxRating" INTEGER NOT NULL DEFAULT 2,
    "needsCareTagEnabled" BOOLEAN NOT NULL DEFAULT false,
    "journeyMap" TEXT,
    "playbook" TEXT,
    "checkoutsSyncedThrough" TIMESTAMP(3),
    "journeyComputedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "Customer" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "shopifyCreatedAt" TIMESTAMP(3) NOT NULL,
    "shopifyUpdatedAt" TIMESTAMP(3) NOT NULL,
    "shopifyRfmGroup" TEXT,
    "ownedTags" TEXT NOT NULL DEFAULT '[]',
    "tagCount" INTEGER NOT NULL DEFAULT 0,
    "stage" TEXT NOT NULL DEFAULT 'prospect',
    "stageSince" TIMESTAMP(3),
    "ordersCount" INTEGER NOT NULL DEFAULT 0,
    "netSpent" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "firstOrderAt" TIMESTAMP(3),
    "lastOrderAt" TIMESTAMP(3),
    "pAlive" DOUBLE PRECISION,
    "expectedPurchases365" DOUBLE PRECISION,
    "predictedClv12m" DOUBLE PRECISION,
    "atRisk" BOOLEAN NOT NULL DEFAULT false,
    "needsCare" BOOLEAN NOT NULL DEFAULT false,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "Order" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "customerId" TEXT,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "shopifyUpdatedAt" TIMESTAMP(3) NOT NULL,
    "totalPrice" DOUBLE PRECISION NOT NULL,
    "totalRefunded" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "financialStatus" TEXT,
    "fulfilledAt" TIMESTAMP(3),

    CONSTRAINT "Order_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "OrderLine" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "OrderLine_pkey" PRIMARY KEY ("shop","orderId","productId")
);

-- CreateTable
CREATE TABLE "BulkLineItem" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "BulkLineItem_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "AbandonedCheckout" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "customerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "totalPrice" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "AbandonedCheckout_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "JourneyDay" (
    "shop" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "newCustomers" INTEGER NOT NULL DEFAULT 0,
    "firstCheckouts" INTEGER NOT NULL DEFAULT 0,
    "firstOrders" INTEGER NOT NULL DEFAULT 0,
    "secondOrders" INTEGER NOT NULL DEFAULT 0,
    "abandonedCheckouts" INTEGER NOT NULL DEFAULT 0,
    "recoveredCheckouts" INTEGER NOT NULL DEFAULT 0,
    "repeatOrders" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "JourneyDay_pkey" PRIMARY KEY ("shop","day")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "orderId" TEXT,
    "rating" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reply" TEXT,
    "repliedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NpsAnswer" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT,
    "orderId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NpsAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SegmentTransition" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "fromStage" TEXT,
    "toStage" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "flowNotifiedAt" TIMESTAMP(3),

    CONSTRAINT "SegmentTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SegmentSnapshot" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "customers" INTEGER NOT NULL,

    CONSTRAINT "SegmentSnapshot_pkey" PRIMARY KEY ("shop","day","stage")
);

-- CreateTable
CREATE TABLE "NativeSegment" (
    "shop" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NativeSegment_pkey" PRIMARY KEY ("shop","stage")
);

-- CreateTable
CREATE TABLE "ShopPrediction" (
    "shop" TEXT NOT NULL,
    "fittedAt" TIMESTAMP(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "reason" TEXT,
    "detail" TEXT,
    "r" DOUBLE PRECISION,
    "alpha" DOUBLE PRECISION,
    "a" DOUBLE PRECISION,
    "b" DOUBLE PRECISION,
    "p" DOUBLE PRECISION,
    "q" DOUBLE PRECISION,
    "gamma" DOUBLE PRECISION,
    "logLikelihood" DOUBLE PRECISION,
    "customers" INTEGER NOT NULL,
    "repeatBuyers" INTEGER NOT NULL,

    CONSTRAINT "ShopPrediction_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'customers',
    "cursor" TEXT,
    "customersTotal" INTEGER,
    "ordersTotal" INTEGER,
    "customersRead" INTEGER NOT NULL DEFAULT 0,
    "ordersRead" INTEGER NOT NULL DEFAULT 0,
    "tagsWritten" INTEGER NOT NULL DEFAULT 0,
    "customersOperationId" TEXT,
    "customersLinesApplied" INTEGER NOT NULL DEFAULT 0,
    "customersReadAt" TIMESTAMP(3),
    "ordersOperationId" TEXT,
    "ordersLinesApplied" INTEGER NOT NULL DEFAULT 0,
    "ordersReadAt" TIMESTAMP(3),
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),
    "resourceId" TEXT NOT NULL DEFAULT '',
    "facts" TEXT NOT NULL DEFAULT '{}',
    "triggeredAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("shop","eventId")
);

-- CreateTable
CREATE TABLE "DataRequest" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "shopifyRequestId" TEXT,
    "ordersRequested" TEXT NOT NULL DEFAULT '[]',
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "downloadedAt" TIMESTAMP(3),

    CONSTRAINT "DataRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StorefrontCustomerState" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "reviewableProducts" TEXT NOT NULL DEFAULT '[]',
    "welcomeBack" BOOLEAN NOT NULL DEFAULT false,
    "writtenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StorefrontCustomerState_pkey" PRIMARY KEY ("shop","customerId")
);

-- CreateTable
CREATE TABLE "AppMetafieldDefinition" (
    "shop" TEXT NOT NULL,
    "ownerType" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "definitionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppMetafieldDefinition_pkey" PRIMARY KEY ("shop","ownerType","key")
);

-- CreateTable
CREATE TABLE "SettingsRun" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'segments',
    "customersTotal" INTEGER NOT NULL DEFAULT 0,
    "customersDone" INTEGER NOT NULL DEFAULT 0,
    "transitions" INTEGER NOT NULL DEFAULT 0,
    "tagsWritten" INTEGER NOT NULL DEFAULT 0,
    "blockedByTagLimit" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SettingsRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "Customer_shop_stage_idx" ON "Customer"("shop", "stage");

-- CreateIndex
CREATE INDEX "Customer_shop_needsCare_idx" ON "Customer"("shop", "needsCare");

-- CreateIndex
CREATE INDEX "Order_shop_customerId_idx" ON "Order"("shop", "customerId");

-- CreateIndex
CREATE INDEX "OrderLine_shop_productId_idx" ON "OrderLine"("shop", "productId");

-- CreateIndex
CREATE INDEX "BulkLineItem_shop_orderId_idx" ON "BulkLineItem"("shop", "orderId");

-- CreateIndex
CREATE INDEX "AbandonedCheckout_shop_createdAt_idx" ON "AbandonedCheckout"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Review_shop_productId_status_idx" ON "Review"("shop", "productId", "status");

-- CreateIndex
CREATE INDEX "Review_shop_createdAt_idx" ON "Review"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Review_shop_customerId_productId_key" ON "Review"("shop", "customerId", "productId");

-- CreateIndex
CREATE INDEX "NpsAnswer_shop_createdAt_idx" ON "NpsAnswer"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "NpsAnswer_shop_orderId_key" ON "NpsAnswer"("shop", "orderId");

-- CreateIndex
CREATE INDEX "SegmentTransition_shop_at_idx" ON "SegmentTransition"("shop", "at");

-- CreateIndex
CREATE INDEX "SegmentTransition_shop_customerId_idx" ON "SegmentTransition"("shop", "customerId");

-- CreateIndex
CREATE INDEX "SyncRun_shop_startedAt_idx" ON "SyncRun"("shop", "startedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_processedAt_idx" ON "WebhookEvent"("shop", "processedAt");

-- CreateIndex
CREATE INDEX "DataRequest_shop_requestedAt_idx" ON "DataRequest"("shop", "requestedAt");

-- CreateIndex
CREATE INDEX "SettingsRun_shop_startedAt_idx" ON "SettingsRun"("shop", "startedAt");

