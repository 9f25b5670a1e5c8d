-- Sessions by channel summed from the index alone, in channel order (the journey home sums a period of them on every view)
CREATE INDEX "TrafficDay_channel_totals_idx" ON "TrafficDay"("shop", "channel", "day", "sessions", "cartSessions", "checkoutSessions");
