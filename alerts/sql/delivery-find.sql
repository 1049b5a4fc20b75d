SELECT delivery_key FROM deliveries WHERE delivery_key = $delivery_key;
