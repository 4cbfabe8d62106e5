# International English for an international organisation: "20 June 2017", as fr and es
# write "20 juin 2017" and "20 de junio de 2017" (Django's en default is "June 20, 2017").
DATE_FORMAT = "j F Y"
